package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"commhub/backend/model"
)

var seedNow = time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func count(t *testing.T, s *Store, m any) int64 {
	t.Helper()
	var n int64
	if err := s.DB.Model(m).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpenCreatesFileInWALMode(t *testing.T) {
	s := openTemp(t)
	if _, err := os.Stat(filepath.Join(s.Dir, FileName)); err != nil {
		t.Fatalf("database file not created: %v", err)
	}
	var mode string
	s.DB.Raw("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var fk int
	s.DB.Raw("PRAGMA foreign_keys").Scan(&fk)
	if fk != 1 {
		t.Errorf("foreign_keys = %d, want 1", fk)
	}
}

func TestSeedDemoIsRealisticAndDeterministic(t *testing.T) {
	a, b := openTemp(t), openTemp(t)
	for _, s := range []*Store{a, b} {
		seeded, err := SeedDemoIfEmpty(s, seedNow)
		if err != nil || !seeded {
			t.Fatalf("seed: %v, %v", seeded, err)
		}
	}
	if n := count(t, a, &model.Partner{}); n < 300 {
		t.Errorf("partners = %d, want at least 300", n)
	}
	if n := count(t, a, &model.Advertiser{}); n < 20 {
		t.Errorf("advertisers = %d, want at least 20", n)
	}
	if n := count(t, a, &model.Offer{}); n < 30 {
		t.Errorf("offers = %d, want at least 30", n)
	}
	var visibilities []string
	a.DB.Model(&model.Offer{}).Distinct().Pluck("visibility", &visibilities)
	if len(visibilities) != 3 {
		t.Errorf("offer visibilities = %v, want all three", visibilities)
	}
	var managers int64
	a.DB.Model(&model.Partner{}).Distinct("account_manager_id").Count(&managers)
	if managers < 3 {
		t.Errorf("account managers in use = %d, want 3+", managers)
	}
	var tricky int64
	a.DB.Model(&model.Partner{}).Where("name LIKE ? OR name LIKE ?", "%<b>%", "%'%").Count(&tricky)
	if tricky == 0 {
		t.Error("no partner with markup or an apostrophe in its name")
	}
	var loginBeforeCreation int64
	a.DB.Model(&model.Partner{}).Where("last_login_at < created_at").Count(&loginBeforeCreation)
	if loginBeforeCreation != 0 {
		t.Errorf("%d demo partners logged in before their account was created", loginBeforeCreation)
	}
	var nonReserved int64
	a.DB.Model(&model.Partner{}).Where("email NOT LIKE ? AND email NOT LIKE ? AND email NOT LIKE ?", "%@example.com", "%@example.net", "%.test").Count(&nonReserved)
	if nonReserved != 0 {
		t.Errorf("%d demo partners use a non-reserved e-mail domain", nonReserved)
	}
	var hashA, hashB string
	q := "SELECT group_concat(partner_id || ':' || offer_id || ':' || revenue_cents, ',') FROM (SELECT * FROM daily_stats ORDER BY date, partner_id, offer_id)"
	a.DB.Raw(q).Scan(&hashA)
	b.DB.Raw(q).Scan(&hashB)
	if hashA == "" || hashA != hashB {
		t.Error("two seeds at the same time produced different stats")
	}
}

func TestSeedRevenueIsConcentratedAndSpansNinetyDays(t *testing.T) {
	s := openTemp(t)
	if _, err := SeedDemoIfEmpty(s, seedNow); err != nil {
		t.Fatal(err)
	}
	var days int
	s.DB.Raw("SELECT count(DISTINCT date) FROM daily_stats").Scan(&days)
	if days != 90 {
		t.Errorf("stat days = %d, want 90", days)
	}
	var revenues []int64
	s.DB.Raw("SELECT sum(revenue_cents) FROM daily_stats GROUP BY partner_id ORDER BY 1 DESC").Scan(&revenues)
	var total, top int64
	for i, r := range revenues {
		total += r
		if i < 10 {
			top += r
		}
	}
	if top*2 < total {
		t.Errorf("top 10 partners drive %d of %d revenue, want most of it", top, total)
	}
	if partners := count(t, s, &model.Partner{}); int64(len(revenues))*2 > partners {
		t.Errorf("%d of %d partners have stats; most should be dormant", len(revenues), partners)
	}
}

func TestSeedOnlyOnceAndNeverAfterClearOrNoDemo(t *testing.T) {
	s := openTemp(t)
	SeedDemoIfEmpty(s, seedNow)
	if again, _ := SeedDemoIfEmpty(s, seedNow); again {
		t.Error("seeded twice")
	}
	if err := ClearDemo(s.DB); err != nil {
		t.Fatal(err)
	}
	for _, m := range model.Network() {
		if n := count(t, s, m); n != 0 {
			t.Errorf("%T: %d rows left after clearing", m, n)
		}
	}
	if again, _ := SeedDemoIfEmpty(s, seedNow); again {
		t.Error("seeded again after the user cleared the demo")
	}

	fresh := openTemp(t)
	if err := MarkNoDemo(fresh); err != nil {
		t.Fatal(err)
	}
	if seeded, _ := SeedDemoIfEmpty(fresh, seedNow); seeded {
		t.Error("seeded a store opened with --no-demo")
	}
}

func TestOpenRejectsCorruptFileWithClearMessage(t *testing.T) {
	dir := t.TempDir()
	junk := strings.Repeat("this is not a database ", 400)
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(junk), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir)
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("err = %v, want a message saying the database is damaged", err)
	}
}

func TestMigrationBacksUpBeforeUpgrading(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Pretend the file was written by a build that knew one migration less.
	s.DB.Exec("DELETE FROM schema_versions WHERE version = ?", SchemaVersion())
	s.Close()
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	backups, _ := filepath.Glob(filepath.Join(dir, "backups", "*.db"))
	if len(backups) != 1 {
		t.Fatalf("backups = %v, want one", backups)
	}
}
