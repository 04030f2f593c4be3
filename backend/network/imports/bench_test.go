package imports

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// benchRows is the size of the file the import benchmark reads (IMPORT_BENCH_ROWS overrides
// it for quick runs).
var benchRows = envInt("IMPORT_BENCH_ROWS", 1_000_000)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkImportDailyStats imports a generated 1,000,000-row CSV and, in the same run,
// a bare batched INSERT of the same rows through database/sql on the same driver, and
// reports the ratio of their speeds and the peak heap and RSS of the import.
func BenchmarkImportDailyStats(b *testing.B) {
	if p := envInt("IMPORT_BENCH_PARAMS", 0); p > 0 {
		maxParams = p
	}
	path := filepath.Join(b.TempDir(), "stats.csv")
	writeStatsFile(b, path, benchRows)
	for i := 0; i < b.N; i++ {
		bare := timeBareInsert(b, path)
		imp, peakHeap := timeImport(b, path)
		rss := peakRSS()
		b.ReportMetric(float64(benchRows)/imp.Seconds(), "import-rows/s")
		b.ReportMetric(float64(benchRows)/bare.Seconds(), "bare-rows/s")
		b.ReportMetric(bare.Seconds()/imp.Seconds(), "speed-ratio")
		b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(rss)/(1<<10), "peak-rss-MiB")
		fmt.Printf("import %v, bare batched insert %v: import runs at %.2fx the bare speed; peak heap %.1f MiB, peak RSS %.1f MiB\n",
			imp.Round(time.Millisecond), bare.Round(time.Millisecond), bare.Seconds()/imp.Seconds(), float64(peakHeap)/(1<<20), float64(rss)/(1<<10))
	}
}

func writeStatsFile(b *testing.B, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(f, &statsFile{n: n}); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}

func benchDB(b *testing.B) *sql.DB {
	_, db := openStore(b)
	for _, q := range []string{
		`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < 50)
		INSERT INTO partners (id, name, email, status, tags, created_at, notification_pref, unsubscribed) SELECT i, 'P'||i, '', 'active', '', '2025-01-01', 'all', 0 FROM s`,
		`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < 60)
		INSERT INTO offers (id, name, status, visibility, currency) SELECT i, 'O'||i, 'active', 'public', 'USD' FROM s`,
	} {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// timeBareInsert is the baseline: read the file line by line, split on commas, and insert in
// transactions of DefaultBatch rows with one prepared multi-row statement: no validation,
// no mapping, no change detection.
func timeBareInsert(b *testing.B, path string) time.Duration {
	db := benchDB(b)
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	const cols = 7
	per := maxParams / cols
	tuple := "(?,?,?,?,?,?,?)"
	stmt, err := db.Prepare("INSERT INTO daily_stats (date,partner_id,offer_id,clicks,conversions,revenue_cents,payout_cents) VALUES " +
		strings.TrimSuffix(strings.Repeat(tuple+",", per), ","))
	if err != nil {
		b.Fatal(err)
	}
	defer stmt.Close()
	args := make([]any, 0, per*cols)
	var rest [][]any
	flush := func(tx *sql.Tx) {
		if len(args) == per*cols {
			if _, err := tx.Stmt(stmt).Exec(args...); err != nil {
				b.Fatal(err)
			}
			args = args[:0]
		}
	}
	tx, _ := db.Begin()
	inTx := 0
	for sc.Scan() {
		p := strings.Split(sc.Text(), ",")
		args = append(args, p[0], p[1], p[2], p[3], p[4], p[5], p[6])
		flush(tx)
		if inTx++; inTx == DefaultBatch*4 {
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			tx, _ = db.Begin()
			inTx = 0
		}
	}
	if len(args) > 0 {
		rest = append(rest, args)
		n := len(args) / cols
		if _, err := tx.Exec("INSERT INTO daily_stats (date,partner_id,offer_id,clicks,conversions,revenue_cents,payout_cents) VALUES "+
			strings.TrimSuffix(strings.Repeat(tuple+",", n), ","), args...); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	_ = rest
	d := time.Since(start)
	var n int
	db.QueryRow("SELECT count(*) FROM daily_stats").Scan(&n)
	if n != benchRows {
		b.Fatalf("bare insert stored %d rows", n)
	}
	return d
}

func timeImport(b *testing.B, path string) (time.Duration, uint64) {
	db := benchDB(b)
	st, _ := os.Stat(path)
	f := File{Name: "stats.csv", Size: st.Size(), Open: func() (io.ReadCloser, error) { return os.Open(path) }}
	var peak atomic.Uint64
	done := make(chan struct{})
	go sampleHeap(&peak, done)
	runtime.GC()
	start := time.Now()
	res, err := Run(context.Background(), db, f, "daily_stats", Options{})
	d := time.Since(start)
	close(done)
	if err != nil {
		b.Fatal(err)
	}
	if res.Inserted != benchRows || res.ErrorCount != 0 {
		b.Fatalf("import: inserted %d, %d errors %v", res.Inserted, res.ErrorCount, res.Errors[:min(3, len(res.Errors))])
	}
	return d, peak.Load()
}

func sampleHeap(peak *atomic.Uint64, done chan struct{}) {
	var m runtime.MemStats
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
		select {
		case <-done:
			return
		case <-t.C:
		}
	}
}

// peakRSS reads the process's high-water resident set size in KiB (Linux; 0 elsewhere).
func peakRSS() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb uint64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &kb)
			return kb
		}
	}
	return 0
}
