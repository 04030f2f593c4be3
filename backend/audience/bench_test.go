package audience

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite" // registers the "sqlite" database/sql driver
	"gorm.io/gorm"

	"commhub/backend/model"
	"commhub/backend/store"
)

// The benchmark network: 100,000 partners and 5,000,000 daily stats over 180 days, built
// once per process in a temporary file that every benchmark reuses. Only -bench builds it.
const (
	benchPartners = 100_000
	benchStats    = 5_000_000
	benchDays     = 180
	benchOffers   = 200
	benchTraffic  = 40_000 // partners with traffic; the rest have no stats at all
)

var (
	benchNow  = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	benchOnce sync.Once
	benchErr  error
	benchDir  string
	benchDBh  *gorm.DB
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func benchDB(b *testing.B) *gorm.DB {
	b.Helper()
	benchOnce.Do(func() {
		start := time.Now()
		if benchDir, benchErr = os.MkdirTemp("", "audience-bench-"); benchErr != nil {
			return
		}
		if benchErr = buildBenchFile(benchDir); benchErr != nil {
			return
		}
		var s *store.Store
		if s, benchErr = store.Open(benchDir); benchErr != nil {
			return
		}
		benchDBh = s.DB
		var partners, stats int64
		s.DB.Raw("SELECT count(*) FROM partners").Scan(&partners)
		s.DB.Raw("SELECT count(*) FROM daily_stats").Scan(&stats)
		fmt.Fprintf(os.Stderr, "bench network: %d partners, %d daily stats, built in %s\n", partners, stats, time.Since(start).Round(time.Second))
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDBh
}

// buildBenchFile creates the schema with the real migrations, then loads the rows the fast
// way: no journal, no secondary indexes while inserting (they are rebuilt from their own
// definitions afterwards, exactly as the migrations made them).
func buildBenchFile(dir string) error {
	s, err := store.Open(dir)
	if err != nil {
		return err
	}
	var indexes []string
	err = s.DB.Raw("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'daily_stats' AND sql IS NOT NULL").Scan(&indexes).Error
	s.Close()
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, store.FileName)+
		"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=cache_size(-100000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, ddl := range indexes {
		name := strings.Fields(strings.TrimPrefix(ddl, "CREATE INDEX "))[0]
		if _, err := db.Exec("DROP INDEX " + name); err != nil {
			return err
		}
	}
	if err := generate(db); err != nil {
		return err
	}
	for _, ddl := range indexes {
		if _, err := db.Exec(ddl); err != nil {
			return err
		}
	}
	_, err = db.Exec("ANALYZE")
	return err
}

// generate writes the network with multi-row inserts inside one transaction. Stats go in
// key order (date, partner), so the primary key index only ever appends.
func generate(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rnd := rand.New(rand.NewPCG(7, 7))
	for id := 1; id <= benchOffers; id++ {
		if _, err := tx.Exec("INSERT INTO offers (id, name, status, visibility) VALUES (?, ?, 'active', 'public')", id, "Offer "+strconv.Itoa(id)); err != nil {
			return err
		}
	}
	statuses := []string{"active", "active", "active", "pending", "inactive", "suspended"}
	tags := []string{"vip", "email", "social", "coupon", "cashback", "content", "push", "native", "search", "tier-1"}
	id := 0
	err = batchInsert(tx, "partners (id, name, email, status, tags, country, created_at, notification_pref, unsubscribed)", 9,
		func(row []any) bool {
			if id++; id > benchPartners {
				return false
			}
			var t []string
			for _, tag := range tags {
				if rnd.IntN(10) == 0 {
					t = append(t, tag)
				}
			}
			tagText := ""
			if len(t) > 0 {
				tagText = "," + strings.Join(t, ",") + ","
			}
			created := benchNow.Add(-time.Duration(rnd.IntN(720*24)) * time.Hour)
			row[0], row[1], row[2], row[3], row[4] = id, fmt.Sprintf("Partner %06d", id), fmt.Sprintf("p%d@example.com", id), statuses[rnd.IntN(len(statuses))], tagText
			row[5], row[6], row[7], row[8] = "US", created, "all", false
			return true
		})
	if err != nil {
		return err
	}
	if err := insertStats(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// insertStats spreads benchStats rows evenly over benchDays days in ONE statement that
// computes them inside SQLite (a Go loop binding 35 million values is ten times slower).
// Each day a different window of benchTraffic partners is active, so a partner appears on
// about 70% of days; partners above benchTraffic never have stats. Metrics come from a
// multiplicative hash of (day, partner): deterministic, and spread like real traffic.
// Rows go in key order (date, partner), so the primary key index only ever appends.
func insertStats(tx *sql.Tx) error {
	first := benchNow.AddDate(0, 0, 1-benchDays).Format(dateLayout)
	perDay := benchStats / benchDays
	_, err := tx.Exec(`
		WITH RECURSIVE d(day, dt) AS (SELECT 0, ? UNION ALL SELECT day + 1, date(dt, '+1 day') FROM d WHERE day < ?),
		j(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM j WHERE j < ?),
		h AS (SELECT day, dt, j, ((day * 100003 + j) * 2654435761) % 4294967296 AS h
			FROM d CROSS JOIN j WHERE ((j - day * 1237) % ? + ?) % ? < ?),
		m AS (SELECT day, dt, j, h, h % 200 AS clicks FROM h),
		c AS (SELECT day, dt, j, h, clicks, clicks / (10 + (h >> 8) % 40) AS conv FROM m)
		INSERT INTO daily_stats (date, partner_id, offer_id, clicks, conversions, revenue_cents, payout_cents)
		SELECT dt, j + 1, (j * 31 + day) % ? + 1, clicks, conv, conv * (500 + (h >> 16) % 5000),
			conv * (500 + (h >> 16) % 5000) * 7 / 10 FROM c`,
		first, benchDays-1, benchTraffic-1, benchTraffic, benchTraffic, benchTraffic, perDay, benchOffers)
	return err
}

// batchInsert inserts rows while next fills one, 500 rows per statement.
func batchInsert(tx *sql.Tx, into string, cols int, next func(row []any) bool) error {
	const per = 500
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	full, err := tx.Prepare("INSERT INTO " + into + " VALUES " + strings.TrimSuffix(strings.Repeat(one+",", per), ","))
	if err != nil {
		return err
	}
	defer full.Close()
	args := make([]any, 0, per*cols)
	row := make([]any, cols)
	for next(row) {
		args = append(args, row...)
		if len(args) == per*cols {
			if _, err := full.Exec(args...); err != nil {
				return err
			}
			args = args[:0]
		}
	}
	if len(args) > 0 {
		_, err = tx.Exec("INSERT INTO "+into+" VALUES "+strings.TrimSuffix(strings.Repeat(one+",", len(args)/cols), ","), args...)
	}
	return err
}

// benchRules is "active AND tag vip AND revenue last month > $100".
var benchRules = one(activeOnly, Rule{Field: FieldTags, Values: []string{"vip"}},
	Rule{Field: FieldPerformance, Metric: "revenue", Op: "gt", Value: 10000, Period: &Period{Kind: PeriodLastMonth}})

// Hand-written queries for the same set, as someone who knows the schema would write them.
const (
	handCorrelated = `SELECT count(*) FROM partners p WHERE p.status = 'active' AND p.tags LIKE '%,vip,%'
		AND (SELECT sum(s.revenue_cents) FROM daily_stats s WHERE s.partner_id = p.id AND s.date BETWEEN ? AND ?) > 10000`
	handJoin = `SELECT count(*) FROM (SELECT p.id FROM partners p JOIN daily_stats s ON s.partner_id = p.id
		WHERE p.status = 'active' AND p.tags LIKE '%,vip,%' AND s.date BETWEEN ? AND ?
		GROUP BY p.id HAVING sum(s.revenue_cents) > 10000)`
)

// BenchmarkCount times Count against the two hand-written queries, interleaved in the same
// run on the same file, and reports the ratio to the faster one.
func BenchmarkCount(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	var ours, corr, join time.Duration
	// One untimed run of each first, so no query pays for a cold page cache.
	var warm int64
	_, err := CountIn(ctx, db, benchRules, benchNow, time.UTC)
	must(b, err)
	must(b, db.Raw(handCorrelated, "2026-10-01", "2026-10-31").Scan(&warm).Error)
	must(b, db.Raw(handJoin, "2026-10-01", "2026-10-31").Scan(&warm).Error)
	for b.Loop() {
		t0 := time.Now()
		n, err := CountIn(ctx, db, benchRules, benchNow, time.UTC)
		t1 := time.Now()
		var c1, c2 int64
		must(b, db.Raw(handCorrelated, "2026-10-01", "2026-10-31").Scan(&c1).Error)
		t2 := time.Now()
		must(b, db.Raw(handJoin, "2026-10-01", "2026-10-31").Scan(&c2).Error)
		t3 := time.Now()
		must(b, err)
		if n != c1 || n != c2 || n == 0 {
			b.Fatalf("Count %d, hand-written %d and %d", n, c1, c2)
		}
		ours, corr, join = ours+t1.Sub(t0), corr+t2.Sub(t1), join+t3.Sub(t2)
	}
	per := func(d time.Duration) float64 { return float64(d.Milliseconds()) / float64(b.N) }
	best := min(corr, join)
	b.ReportMetric(per(ours), "ms/count")
	b.ReportMetric(per(corr), "ms/hand-correlated")
	b.ReportMetric(per(join), "ms/hand-join")
	b.ReportMetric(float64(ours)/float64(best), "x-vs-hand")
}

// BenchmarkResolve100k resolves every partner and reports the heap's growth while doing so.
func BenchmarkResolve100k(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	everyone := one(Rule{Field: FieldStatus, Values: model.PartnerStatuses})
	var peak uint64
	for b.Loop() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base, total := ms.HeapAlloc, ms.TotalAlloc
		n := 0
		err := ResolveIn(ctx, db, everyone, benchNow, time.UTC, func(int64) error {
			n++
			if n%5000 == 0 {
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > base && ms.HeapAlloc-base > peak {
					peak = ms.HeapAlloc - base
				}
			}
			return nil
		})
		must(b, err)
		if n != benchPartners {
			b.Fatalf("resolved %d, want %d", n, benchPartners)
		}
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.TotalAlloc-total)/(1<<20), "MB-allocated")
	}
	b.ReportMetric(float64(peak)/(1<<20), "MB-heap-growth")
}

// BenchmarkResolvePerformance resolves the performance audience, paging through it.
func BenchmarkResolvePerformance(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	for b.Loop() {
		n := 0
		must(b, ResolveIn(ctx, db, benchRules, benchNow, time.UTC, func(int64) error { n++; return nil }))
		if n == 0 {
			b.Fatal("resolved nobody")
		}
	}
}

// BenchmarkSample times the editor's sample (count with search plus the first page).
func BenchmarkSample(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	for b.Loop() {
		res, err := Sample(ctx, db, benchRules, benchNow, time.UTC, "partner 0", 50)
		must(b, err)
		if len(res.Items) == 0 || res.Items[0].Metric == nil {
			b.Fatalf("sample %+v", res)
		}
	}
}
