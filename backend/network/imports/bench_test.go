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
	// The machine is shared, so the two runs alternate and the best of each counts.
	rounds := envInt("IMPORT_BENCH_ROUNDS", 2)
	for i := 0; i < b.N; i++ {
		var bare, imp time.Duration
		var peakHeap uint64
		for r := 0; r < rounds; r++ {
			d := timeBareInsert(b, path)
			if bare == 0 || d < bare {
				bare = d
			}
			d, h := timeImport(b, path)
			if imp == 0 || d < imp {
				imp = d
			}
			peakHeap = max(peakHeap, h)
		}
		rss := peakRSS()
		b.ReportMetric(float64(benchRows)/imp.Seconds(), "import-rows/s")
		b.ReportMetric(float64(benchRows)/bare.Seconds(), "bare-rows/s")
		b.ReportMetric(bare.Seconds()/imp.Seconds(), "speed-ratio")
		b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(rss)/(1<<10), "peak-rss-MiB")
		fmt.Printf("%d rows: import %v, bare batched insert %v (best of %d): import runs at %.2fx the bare speed; peak heap %.1f MiB, peak RSS %.1f MiB\n",
			benchRows, imp.Round(time.Millisecond), bare.Round(time.Millisecond), rounds, bare.Seconds()/imp.Seconds(), float64(peakHeap)/(1<<20), float64(rss)/(1<<10))
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

// timeBareInsert is the baseline: read the file line by line, split on commas, convert the
// numbers and insert in transactions of DefaultBatch rows with one prepared multi-row
// statement of the same size the importer uses: no validation, mapping or change detection.
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
	insert := func(n int) string {
		return "INSERT INTO daily_stats (date,partner_id,offer_id,clicks,conversions,revenue_cents,payout_cents) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?,?,?,?,?,?,?),", n), ",")
	}
	stmt, err := db.Prepare(insert(per))
	if err != nil {
		b.Fatal(err)
	}
	defer stmt.Close()
	args := make([]any, 0, per*cols)
	tx, _ := db.Begin()
	write := func() {
		var err error
		if len(args) == per*cols {
			_, err = tx.Stmt(stmt).Exec(args...)
		} else if len(args) > 0 {
			_, err = tx.Exec(insert(len(args)/cols), args...)
		}
		if err != nil {
			b.Fatal(err)
		}
		args = args[:0]
	}
	inTx := 0
	for sc.Scan() {
		p := strings.Split(sc.Text(), ",")
		args = append(args, p[0], atoi(p[1]), atoi(p[2]), atoi(p[3]), atoi(p[4]), cents100(p[5]), cents100(p[6]))
		if len(args) == per*cols {
			write()
		}
		if inTx++; inTx == DefaultBatch {
			write()
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			tx, _ = db.Begin()
			inTx = 0
		}
	}
	write()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	d := time.Since(start)
	var n int
	db.QueryRow("SELECT count(*) FROM daily_stats").Scan(&n)
	if n != benchRows {
		b.Fatalf("bare insert stored %d rows", n)
	}
	return d
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// cents100 converts "12.34" to 1234, the generated file's only money form.
func cents100(s string) int64 {
	whole, frac, _ := strings.Cut(s, ".")
	return atoi(whole)*100 + atoi(frac)
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
