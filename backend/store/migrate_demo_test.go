package store

import (
	"testing"
)

// unmigrate puts a store back to the schema before demo rows were marked, as an older
// build left it: no demo columns, and the migration not yet applied.
func unmigrate(t *testing.T, s *Store) {
	t.Helper()
	for _, table := range demoTables {
		for _, q := range []string{"DROP INDEX idx_" + table + "_demo", "ALTER TABLE " + table + " DROP COLUMN demo"} {
			if err := s.DB.Exec(q).Error; err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
	if err := s.DB.Exec("DELETE FROM schema_versions WHERE version >= 7").Error; err != nil {
		t.Fatal(err)
	}
}

func reopen(t *testing.T, s *Store) *Store {
	t.Helper()
	s.Close()
	again, err := Open(s.Dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Close() })
	return again
}

func exec(t *testing.T, s *Store, qs ...string) {
	t.Helper()
	for _, q := range qs {
		if err := s.DB.Exec(q).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func ids(t *testing.T, s *Store, q string) []int64 {
	t.Helper()
	var out []int64
	if err := s.DB.Raw(q).Scan(&out).Error; err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

// A store seeded and then imported into by a build that did not mark demo rows: the
// upgrade marks what the seed generated and nothing the user brought, so clearing the demo
// afterwards keeps every row of the user's.
func TestUpgradeMarksOnlyTheSeededRows(t *testing.T) {
	s := openTemp(t)
	if _, err := SeedDemoIfEmpty(s, seedNow); err != nil {
		t.Fatal(err)
	}
	unmigrate(t, s)
	exec(t, s,
		// The user's own partner, with an approval and stats on a demo offer.
		"INSERT INTO partners (id, name, email, status, tags) VALUES (9001, 'Own', 'own@agency.co', 'active', '')",
		"INSERT INTO approvals (partner_id, offer_id, status) VALUES (9001, 1001, 'approved')",
		"INSERT INTO daily_stats (date, partner_id, offer_id, clicks) VALUES ('2026-11-27', 9001, 1001, 5)",
		// Demo IDs that an import or sync wrote over with the user's values.
		"UPDATE partners SET name = 'Real Five', email = 'ceo@realpartner.co' WHERE id = 5003",
		"UPDATE partners SET email = 'test@example.com' WHERE id = 5010",
		"UPDATE advertisers SET contact_email = 'deals@brand.co' WHERE id = 110",
		"UPDATE offers SET preview_url = 'https://brand.co/lp' WHERE id = 1020",
		"UPDATE employees SET name = 'Real Person', email = 'rp@mynet.co' WHERE id = 2",
	)
	s = reopen(t, s)

	for _, c := range []struct {
		q    string
		want int64
	}{
		{"SELECT count(*) FROM partners WHERE demo = 1", 418},
		{"SELECT count(*) FROM advertisers WHERE demo = 1", 23},
		{"SELECT count(*) FROM offers WHERE demo = 1", 35},
		{"SELECT count(*) FROM employees WHERE demo = 1", 4},
		{"SELECT count(*) FROM approvals WHERE demo = 0", 1},
		{"SELECT count(*) FROM daily_stats WHERE demo = 0", 1},
	} {
		var n int64
		s.DB.Raw(c.q).Scan(&n)
		if n != c.want {
			t.Errorf("%s = %d, want %d", c.q, n, c.want)
		}
	}
	if err := ClearDemo(s.DB); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, s, "SELECT id FROM partners ORDER BY id"); len(got) != 3 || got[0] != 5003 || got[1] != 5010 || got[2] != 9001 {
		t.Errorf("partners after clearing: %v, want 5003 5010 9001", got)
	}
	if got := ids(t, s, "SELECT partner_id FROM approvals"); len(got) != 1 || got[0] != 9001 {
		t.Errorf("approvals after clearing: %v, want only the user's", got)
	}
	if got := ids(t, s, "SELECT partner_id FROM daily_stats"); len(got) != 1 || got[0] != 9001 {
		t.Errorf("stats after clearing: %v, want only the user's", got)
	}
	for table, want := range map[string]int64{"employees": 2, "advertisers": 110, "offers": 1020} {
		if got := ids(t, s, "SELECT id FROM "+table); len(got) != 1 || got[0] != want {
			t.Errorf("%s after clearing: %v, want %d", table, got, want)
		}
	}
}

// Rows that merely look like the demo's are the user's when the demo was never loaded or
// was cleared before.
func TestUpgradeMarksNothingWithoutTheDemo(t *testing.T) {
	s := openTemp(t)
	if err := MarkNoDemo(s); err != nil {
		t.Fatal(err)
	}
	unmigrate(t, s)
	exec(t, s, "INSERT INTO partners (id, name, email, status, tags) VALUES (5001, 'Looks like demo', 'a.b.5001@example.com', 'active', '')")
	s = reopen(t, s)
	var n int64
	s.DB.Raw("SELECT count(*) FROM partners WHERE demo = 1").Scan(&n)
	if n != 0 {
		t.Fatalf("%d partners marked as demo in a store that never had it", n)
	}
}
