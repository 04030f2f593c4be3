package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"commhub/backend/rpc"
	"commhub/frontend"
)

// BenchmarkColdStart measures what a user waits for: from starting `commhubd web` to the
// first successful Network.Summary, on a fresh data folder (which includes seeding the demo
// network) and on one already seeded. The baseline, measured alternately in the same run, is
// the same wait for a trivial Go HTTP server (testdata/baseline), so the ratios say how much
// CommHub itself adds. Figures are medians over the iterations. It also reports the size of the binaries, built with CGO_ENABLED=0.
//
//	go test -run '^$' -bench ColdStart -benchtime 7x ./cmd/commhubd
func BenchmarkColdStart(b *testing.B) {
	dir := b.TempDir()
	commhubd := buildBinary(b, dir, "commhubd", ".", false)
	stripped := buildBinary(b, dir, "commhubd-stripped", ".", true)
	baseline := buildBinary(b, dir, "baseline", "./testdata/baseline", false)
	seeded := filepath.Join(dir, "seeded")
	startToSummary(b, commhubd, "--data", seeded) // seed once, outside the timing

	// Medians, not means: on a shared machine one run in a few is slowed by a neighbour.
	// The order rotates so that no kind always runs right after another's shutdown.
	var base, fresh, warm []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runs := []func(){
			func() { base = append(base, startToSummary(b, baseline)) },
			func() {
				fresh = append(fresh, startToSummary(b, commhubd, "--data", filepath.Join(dir, fmt.Sprintf("fresh-%d", i))))
			},
			func() { warm = append(warm, startToSummary(b, commhubd, "--data", seeded)) },
		}
		for j := range runs {
			runs[(i+j)%len(runs)]()
		}
	}
	b.StopTimer()
	mb, mf, mw := median(base), median(fresh), median(warm)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(mb), "ms-baseline")
	b.ReportMetric(ms(mf), "ms-fresh")
	b.ReportMetric(ms(mw), "ms-seeded")
	b.ReportMetric(float64(mf)/float64(mb), "x-fresh")
	b.ReportMetric(float64(mw)/float64(mb), "x-seeded")
	b.ReportMetric(0, "ns/op") // the per-op time mixes three runs and means nothing alone
	sizes := map[string]string{"commhubd": commhubd, "commhubd-stripped": stripped, "baseline": baseline}
	for _, name := range []string{"commhubd", "commhubd-stripped", "baseline"} {
		info, err := os.Stat(sizes[name])
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(info.Size())/(1<<20), "MiB-"+name)
	}
	b.Logf("UI built into the binary: %v", rpc.HasIndex(frontend.Dist()))
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// buildBinary builds pkg with CGO_ENABLED=0, stripped of symbols and debug data when strip
// is set (what a release would ship).
func buildBinary(b *testing.B, dir, name, pkg string, strip bool) string {
	b.Helper()
	out := filepath.Join(dir, name)
	args := []string{"build", "-trimpath", "-o", out}
	if strip {
		args = append(args, "-ldflags=-s -w")
	}
	cmd := exec.Command("go", append(args, pkg)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build %s: %v\n%s", pkg, err, msg)
	}
	return out
}

var urlLine = regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/\?token=(\S+)`)

// startToSummary starts bin, waits for its URL, calls Network.Summary until it succeeds,
// and returns the time from start to that success. The process is stopped afterwards.
func startToSummary(b *testing.B, bin string, args ...string) time.Duration {
	b.Helper()
	if filepath.Base(bin) != "baseline" {
		args = append([]string{"web", "--addr", "127.0.0.1:0"}, args...)
	}
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	lines := bufio.NewScanner(stdout)
	var m []string
	for m == nil && lines.Scan() {
		m = urlLine.FindStringSubmatch(lines.Text())
	}
	if m == nil {
		b.Fatalf("%s printed no URL; stderr: %s", bin, stderr.String())
	}
	go func() { // keep the pipe drained so the server never blocks on printing
		for lines.Scan() {
		}
	}()
	for {
		req, _ := http.NewRequest("POST", "http://"+m[1]+"/rpc/Network.Summary", strings.NewReader("[]"))
		req.Header.Set("Authorization", "Bearer "+m[2])
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return time.Since(start)
			}
		}
		if time.Since(start) > time.Minute {
			b.Fatalf("%s: no successful Summary within a minute (last: %v %v)", bin, res, err)
		}
		time.Sleep(time.Millisecond)
	}
}
