package network

import (
	"database/sql"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"commhub/backend/store"
)

// benchPartners fills a fresh store with n generated partners through one batched transaction.
func benchPartners(b *testing.B, n int) *store.Store {
	b.Helper()
	s, err := store.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	statuses := []string{"active", "active", "active", "pending", "inactive", "suspended"}
	heads := []string{"Blue", "Peak", "North", "Click", "Lumen", "Harbor", "Vertex", "Atlas"}
	tails := []string{"Media", "Digital", "Traffic", "Deals", "Rewards", "Labs"}
	err = s.DB.Transaction(func(tx *gorm.DB) error {
		for m := int64(1); m <= 5; m++ {
			tx.Exec("INSERT INTO employees(id, name, email, role) VALUES (?, ?, ?, 'Account Manager')", m, fmt.Sprintf("Manager %d", m), fmt.Sprintf("m%d@example.com", m))
		}
		const batch = 500
		for start := 0; start < n; start += batch {
			q := "INSERT INTO partners(id, name, first_name, last_name, email, company, status, account_manager_id, country, tags, created_at, notification_pref, unsubscribed) VALUES "
			args := []any{}
			for i := start; i < min(start+batch, n); i++ {
				if i > start {
					q += ","
				}
				q += "(?,?,?,?,?,?,?,?,?,?,?,'all',0)"
				name := heads[i%len(heads)] + " " + tails[(i/7)%len(tails)] + fmt.Sprint(i)
				args = append(args, i+1, name, "First", "Last", fmt.Sprintf("p%d@example.com", i), name,
					statuses[i%len(statuses)], i%5+1, []string{"US", "GB", "DE"}[i%3], fmt.Sprintf(",t%d,", i%20), time.Now().UTC())
			}
			if err := tx.Exec(q, args...).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// handWrittenPage is the baseline: the same count and page through database/sql with no
// query builder and no reflection.
func handWrittenPage(db *sql.DB, status, search string) (int64, int, error) {
	where, args := "", []any{}
	if search != "" {
		like := "%" + search + "%"
		where = ` WHERE status = ? AND (name LIKE ? OR email LIKE ? OR company LIKE ? OR first_name || ' ' || last_name LIKE ? OR CAST(id AS TEXT) = ?)`
		args = []any{status, like, like, like, like, search}
	}
	var total int64
	if err := db.QueryRow("SELECT count(*) FROM partners"+where, args...).Scan(&total); err != nil {
		return 0, 0, err
	}
	rows, err := db.Query(`SELECT id, name, first_name, last_name, email, company, status, tags, country, account_manager_id,
		(SELECT name FROM employees e WHERE e.id = partners.account_manager_id), created_at, last_login_at, notification_pref, unsubscribed
		FROM partners`+where+` ORDER BY name COLLATE NOCASE, id LIMIT 50`, args...)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var r PartnerRow
		var mgr sql.NullString
		if err := rows.Scan(&r.ID, &r.Name, &r.FirstName, &r.LastName, &r.Email, &r.Company, &r.Status, &r.Tags, &r.Country,
			&r.AccountManagerID, &mgr, &r.CreatedAt, &r.LastLoginAt, &r.NotificationPref, &r.Unsubscribed); err != nil {
			return 0, 0, err
		}
		n++
	}
	return total, n, rows.Err()
}

// BenchmarkListPartners100k compares ListPartners on 100,000 partners against the
// hand-written query on the same file, interleaving the two so machine noise hits both
// alike. Target: ratio <= 1.5 with a search and a filter.
func BenchmarkListPartners100k(b *testing.B) {
	s := benchPartners(b, 100_000)
	b.Run("search+status", func(b *testing.B) { benchList(b, s, "active", "media") })
	b.Run("first-page", func(b *testing.B) { benchList(b, s, "", "") })
}

func benchList(b *testing.B, s *store.Store, status, search string) {
	sqlDB, _ := s.DB.DB()
	q := PartnerQuery{Search: search, Status: status, Paging: Paging{PageSize: 50}}
	want, _, err := handWrittenPage(sqlDB, status, search)
	if err != nil {
		b.Fatal(err)
	}
	var ours, base time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		if _, _, err := handWrittenPage(sqlDB, status, search); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		page, err := ListPartners(s.DB, q)
		if err != nil || page.Total != want || len(page.Items) != 50 {
			b.Fatalf("total %d (want %d), %d items, %v", page.Total, want, len(page.Items), err)
		}
		ours += time.Since(t1)
		base += t1.Sub(t0)
	}
	ratio := float64(ours) / float64(base)
	b.ReportMetric(ratio, "x-handwritten")
	b.ReportMetric(float64(ours.Microseconds())/float64(b.N), "us/list")
	b.ReportMetric(float64(base.Microseconds())/float64(b.N), "us/handwritten")
	b.Logf("ListPartners %q/%q on 100k partners: %.2fx the hand-written query (%v vs %v per call, %d matches)",
		status, search, ratio, ours/time.Duration(b.N), base/time.Duration(b.N), want)
}
