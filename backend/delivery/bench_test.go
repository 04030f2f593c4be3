package delivery

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	simple "github.com/xhit/go-simple-mail/v2"
	"gorm.io/gorm"

	"commhub/backend/audience"
	"commhub/backend/compose"
	"commhub/backend/mailer"
	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
	"commhub/backend/secret"
	"commhub/backend/settings"
	"commhub/backend/store"
)

// benchSetup stores settings, n partners, a General message to all of them and a
// profile (concurrency 4, no rate cap) pointing at a discarding sink.
func benchSetup(b testing.TB, dir string, n int, port int) (*store.Store, int64) {
	st, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	s := settings.Defaults()
	s.NetworkName, s.TrackingDomain, s.UnsubscribeBaseURL = "Northwind", "trk.northwind.example", "https://trk.northwind.example/u"
	s.DefaultFromEmail, s.TimeZone = "news@northwind.example", "UTC"
	if _, err := settings.Save(st.DB, s); err != nil {
		b.Fatal(err)
	}
	ids := make([]int64, n)
	err = st.DB.Transaction(func(tx *gorm.DB) error {
		batch := make([]model.Partner, 0, 1000)
		for i := 1; i <= n; i++ {
			ids[i-1] = int64(i)
			batch = append(batch, model.Partner{ID: int64(i), Name: fmt.Sprintf("Partner %d Media", i), FirstName: fmt.Sprintf("Pat%d", i),
				Email: fmt.Sprintf("p%d@example.test", i), Status: "active", EncodedID: "E" + strconv.Itoa(i), CreatedAt: time.Now()})
			if len(batch) == cap(batch) || i == n {
				if err := tx.CreateInBatches(batch, 200).Error; err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	msgID, err := compose.Save(context.Background(), st.DB, model.Message{Kind: model.MessageGeneral, Theme: model.ThemeBlank,
		Subject: "November news for {partner_name}", FromName: "Northwind", FromEmail: "news@northwind.example", Status: model.MessageReady,
		Body:       "<p>Hi {partner_first_name},</p><p>Payouts rise next month. Your account manager has the details.</p>",
		Recipients: model.RecipientSpec{IDs: ids}}, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	profiles := &mailer.Profiles{DB: st.DB, Secrets: secret.OpenFile(dir)}
	if _, err := profiles.Save(model.SMTPProfile{Name: "sink", Host: "127.0.0.1", Port: port, TLS: model.TLSNone, Concurrency: 4}, nil); err != nil {
		b.Fatal(err)
	}
	return st, msgID
}

func benchEngine(st *store.Store) *Engine {
	return New(Config{DB: st.DB, Profiles: &mailer.Profiles{DB: st.DB, Secrets: secret.OpenFile(st.Dir)}, Open: ComposeOpener, Messages: ComposeMessages{}})
}

// BenchmarkDelivery20k sends 20,000 messages through the whole pipeline (snapshot,
// render, send, log) at concurrency 4 and 10 and, in the same process, two baselines
// at the same concurrency: the wire baseline (pre-built message bytes written over
// kept-alive SMTP connections by go-smtp's client, nothing else) and the bare
// go-simple-mail loop (pre-rendered content, the email built by go-simple-mail per
// message). Rounds interleave (wire, bare, ours, wire, bare, ours, ..., wire, bare);
// each of our rounds is compared with the mean of the baselines on either side of it,
// and the median of those ratios is the figure: the machine is shared, and one round
// can be hit by someone else's build.
func BenchmarkDelivery20k(b *testing.B) {
	for _, workers := range []int{4, 10} {
		b.Run(fmt.Sprintf("c%d", workers), func(b *testing.B) { benchDelivery(b, workers) })
	}
}

// timed is one measured send of n messages: wall time and the process's CPU time.
type timed struct{ wall, cpu time.Duration }

func measure(f func() time.Duration) timed {
	c0 := cpuTime()
	wall := f()
	return timed{wall, cpuTime() - c0}
}

func between(a, b timed) timed { return timed{(a.wall + b.wall) / 2, (a.cpu + b.cpu) / 2} }

func benchDelivery(b *testing.B, workers int) {
	n := envInt("COMMHUB_BENCH_N", 20_000) // quicker experiments; the documented figures use 20,000
	rounds := envInt("COMMHUB_BENCH_ROUNDS", 3)
	sink, err := smtptest.Start(&smtptest.Sink{Discard: true})
	if err != nil {
		b.Fatal(err)
	}
	defer sink.Close()
	st, msgID := benchSetup(b, b.TempDir(), n, sink.Port())
	defer st.Close()
	st.DB.Model(&model.SMTPProfile{}).Where("1 = 1").Update("concurrency", workers)
	msgs := prerender(b, st, msgID, n)
	wire := prebuild(b, msgs)
	us := func(t timed) float64 { return float64(t.cpu.Microseconds()) / float64(n) }
	rate := func(t timed) float64 { return float64(n) / t.wall.Seconds() }
	if only := os.Getenv("COMMHUB_BENCH_ONLY"); only != "" {
		// One side alone, for a CPU profile of it (-cpuprofile): "ours" or "wire".
		for b.Loop() {
			for range rounds {
				var t timed
				if only == "wire" {
					t = measure(func() time.Duration { return wireLoop(b, sink, wire, workers) })
				} else {
					t = measure(func() time.Duration { return pipeline(b, st, sink, msgID) })
				}
				b.Logf("c=%d %s alone: %.0f msg/s, CPU %.0f µs/msg", workers, only, rate(t), us(t))
			}
		}
		return
	}
	for b.Loop() {
		var vsWire, vsWireCPU, vsBare, vsBareCPU, oursRate, wireRate, bareRate []float64
		prevWire := measure(func() time.Duration { return wireLoop(b, sink, wire, workers) })
		prevBare := measure(func() time.Duration { return bareLoop(b, sink, msgs, workers) })
		for i := range rounds {
			ours := measure(func() time.Duration { return pipeline(b, st, sink, msgID) })
			nextWire := measure(func() time.Duration { return wireLoop(b, sink, wire, workers) })
			nextBare := measure(func() time.Duration { return bareLoop(b, sink, msgs, workers) })
			w, bare := between(prevWire, nextWire), between(prevBare, nextBare)
			vsWire = append(vsWire, w.wall.Seconds()/ours.wall.Seconds())
			vsWireCPU = append(vsWireCPU, w.cpu.Seconds()/ours.cpu.Seconds())
			vsBare = append(vsBare, bare.wall.Seconds()/ours.wall.Seconds())
			vsBareCPU = append(vsBareCPU, bare.cpu.Seconds()/ours.cpu.Seconds())
			oursRate, wireRate, bareRate = append(oursRate, rate(ours)), append(wireRate, rate(w)), append(bareRate, rate(bare))
			b.Logf("c=%d round %d: ours %.0f msg/s, CPU %.0f µs/msg; wire %.0f msg/s, %.0f µs/msg; bare go-simple-mail %.0f msg/s, %.0f µs/msg; "+
				"vs wire %.2fx (CPU %.2fx), vs bare %.2fx (CPU %.2fx)",
				workers, i+1, rate(ours), us(ours), rate(w), us(w), rate(bare), us(bare), vsWire[i], vsWireCPU[i], vsBare[i], vsBareCPU[i])
			prevWire, prevBare = nextWire, nextBare
		}
		b.ReportMetric(median(oursRate), "msg/s-ours")
		b.ReportMetric(median(wireRate), "msg/s-wire")
		b.ReportMetric(median(bareRate), "msg/s-bare")
		b.ReportMetric(median(vsWire), "x-wire")
		b.ReportMetric(median(vsWireCPU), "x-wire-cpu")
		b.Logf("c=%d median of %d rounds: ours %.0f msg/s, wire %.0f msg/s, bare %.0f msg/s; ours vs wire %.2fx (target 0.8), CPU-time %.2fx (target 0.8); ours vs bare %.2fx, CPU-time %.2fx",
			workers, rounds, median(oursRate), median(wireRate), median(bareRate), median(vsWire), median(vsWireCPU), median(vsBare), median(vsBareCPU))
	}
}

// prebuild renders every message to its wire bytes once, as the wire baseline's input.
func prebuild(b *testing.B, msgs []*mailer.Message) [][]byte {
	out := make([][]byte, len(msgs))
	for i, m := range msgs {
		c := *m
		c.MessageID = mailer.NewMessageID("w"+strconv.Itoa(i), m.FromEmail)
		raw, err := c.Bytes()
		if err != nil {
			b.Fatal(err)
		}
		out[i] = raw
	}
	return out
}

// wireLoop writes pre-built messages over kept-alive SMTP connections, one per worker,
// with go-smtp's client: the cost of the SMTP conversation alone.
func wireLoop(b *testing.B, sink *smtptest.Sink, msgs [][]byte, workers int) time.Duration {
	start := sink.Count()
	t0 := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := smtp.Dial(sink.Addr())
			if err != nil {
				b.Error(err)
				return
			}
			defer c.Close()
			if err := c.Hello("localhost"); err != nil {
				b.Error(err)
				return
			}
			var r bytes.Reader
			for i := w; i < len(msgs); i += workers {
				r.Reset(msgs[i])
				if err := c.SendMail("news@northwind.example", []string{"p" + strconv.Itoa(i+1) + "@example.test"}, &r); err != nil {
					b.Error(err)
					return
				}
			}
			c.Quit()
		}()
	}
	wg.Wait()
	d := time.Since(t0)
	if got := sink.Count() - start; got != len(msgs) {
		b.Fatalf("wire loop delivered %d of %d", got, len(msgs))
	}
	return d
}

func envInt(name string, def int) int {
	if v, _ := strconv.Atoi(os.Getenv(name)); v > 0 {
		return v
	}
	return def
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// prerender fills every recipient's email once, as the baseline's input.
func prerender(b *testing.B, st *store.Store, msgID int64, n int) []*mailer.Message {
	c, err := compose.Compile(context.Background(), st.DB, msgID, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	out := make([]*mailer.Message, 0, n)
	err = c.Recipients(context.Background(), func(d compose.Decision) error {
		r, err := c.Render(context.Background(), d.Kind, d.ID)
		if err == nil {
			out = append(out, &mailer.Message{FromName: "Northwind", FromEmail: "news@northwind.example", ToName: r.ToName, To: r.To,
				Subject: r.Subject, HTML: r.HTML, Text: r.Text, UnsubscribeURL: r.UnsubscribeURL})
		}
		return err
	})
	if err != nil || len(out) != n {
		b.Fatalf("prerender: %d messages, %v", len(out), err)
	}
	return out
}

// bareLoop sends msgs with go-simple-mail alone: one kept-alive client per worker.
func bareLoop(b *testing.B, sink *smtptest.Sink, msgs []*mailer.Message, workers int) time.Duration {
	start := sink.Count()
	t0 := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			server := simple.NewSMTPClient()
			server.Host, server.Port, server.KeepAlive = "127.0.0.1", sink.Port(), true
			server.Authentication, server.SendTimeout = simple.AuthNone, 0
			client, err := server.Connect()
			if err != nil {
				b.Error(err)
				return
			}
			defer client.Close()
			for i := w; i < len(msgs); i += workers {
				m := msgs[i]
				e := simple.NewMSG()
				e.SetFrom(m.FromName + " <" + m.FromEmail + ">").AddTo(m.To).SetSubject(m.Subject)
				e.AddHeader("Message-ID", mailer.NewMessageID("b"+strconv.Itoa(i), m.FromEmail))
				e.AddHeader("List-Unsubscribe", "<"+m.UnsubscribeURL+">")
				e.AddHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
				e.SetBody(simple.TextPlain, m.Text).AddAlternative(simple.TextHTML, m.HTML)
				if err := e.Send(client); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	d := time.Since(t0)
	if got := sink.Count() - start; got != len(msgs) {
		b.Fatalf("bare loop delivered %d of %d", got, len(msgs))
	}
	return d
}

// pipeline runs one real send of the message and returns its wall time.
func pipeline(b *testing.B, st *store.Store, sink *smtptest.Sink, msgID int64) time.Duration {
	// Each measured run is the message's first send: earlier runs would make it a resend.
	st.DB.Exec("DELETE FROM deliveries")
	st.DB.Exec("DELETE FROM send_runs")
	st.DB.Model(&model.Message{}).Where("id = ?", msgID).Update("status", model.MessageReady)
	e := benchEngine(st)
	if err := e.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer e.Stop()
	start := sink.Count()
	t0 := time.Now()
	runID, err := e.Send(context.Background(), msgID)
	if err != nil {
		b.Fatal(err)
	}
	snap := time.Since(t0)
	p, err := e.Wait(context.Background(), runID)
	d := time.Since(t0)
	b.Logf("pipeline: snapshot %v, sending %v", snap.Round(time.Millisecond), (d - snap).Round(time.Millisecond))
	if err != nil || p.Status != model.RunDone || int(p.Sent) != sink.Count()-start || p.Failed != 0 {
		b.Fatalf("pipeline: %+v, sink got %d, %v", p, sink.Count()-start, err)
	}
	return d
}

// BenchmarkDeliveryRSS100k measures the peak RSS (VmHWM) of a child process that sends
// a 100,000-recipient run to a discarding sink held by the parent.
func BenchmarkDeliveryRSS100k(b *testing.B) {
	dir := b.TempDir()
	sink, err := smtptest.Start(&smtptest.Sink{Discard: true})
	if err != nil {
		b.Fatal(err)
	}
	defer sink.Close()
	st, msgID := benchSetup(b, dir, 100_000, sink.Port())
	st.Close()
	rssRuns(b, dir, msgID, 100_000)
}

// BenchmarkDeliveryRSS1M is the same with 1,000,000 partners (inserted with one SQL
// statement) and a message to the saved audience "every active partner".
// COMMHUB_RSS_N changes the count.
func BenchmarkDeliveryRSS1M(b *testing.B) {
	n := envInt("COMMHUB_RSS_N", 1_000_000)
	dir := b.TempDir()
	sink, err := smtptest.Start(&smtptest.Sink{Discard: true})
	if err != nil {
		b.Fatal(err)
	}
	defer sink.Close()
	st, msgID := benchSetupAudience(b, dir, n, sink.Port())
	st.Close()
	rssRuns(b, dir, msgID, n)
}

// benchSetupAudience is benchSetup for large runs: partners come from one INSERT ...
// SELECT over a counter, the message goes to a saved audience.
func benchSetupAudience(b *testing.B, dir string, n, port int) (*store.Store, int64) {
	st, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	s := settings.Defaults()
	s.NetworkName, s.TrackingDomain, s.UnsubscribeBaseURL = "Northwind", "trk.northwind.example", "https://trk.northwind.example/u"
	s.DefaultFromEmail, s.TimeZone = "news@northwind.example", "UTC"
	if _, err := settings.Save(st.DB, s); err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC()
	err = st.DB.Exec(`WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?)
		INSERT INTO partners (id, name, first_name, last_name, email, company, status, country, tags, created_at, notification_pref, unsubscribed, encoded_id, updated_at)
		SELECT i, 'Partner ' || i || ' Media', 'Pat' || i, '', 'p' || i || '@example.test', '', 'active', '', '', ?, 'all', 0, 'E' || i, ? FROM c`, n, now, now).Error
	if err != nil {
		b.Fatal(err)
	}
	aid, err := audience.Save(context.Background(), st.DB, audience.Saved{Name: "Every active partner",
		Rules: audience.Rules{Kind: model.AudiencePartners, Groups: []audience.Group{{Rules: []audience.Rule{
			{Field: audience.FieldStatus, Values: []string{model.StatusActive}}}}}}})
	if err != nil {
		b.Fatal(err)
	}
	msgID, err := compose.Save(context.Background(), st.DB, model.Message{Kind: model.MessageGeneral, Theme: model.ThemeBlank,
		Subject: "November news for {partner_name}", FromName: "Northwind", FromEmail: "news@northwind.example", Status: model.MessageReady,
		Body:       "<p>Hi {partner_first_name},</p><p>Payouts rise next month. Your account manager has the details.</p>",
		Recipients: model.RecipientSpec{AudienceID: &aid}}, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	profiles := &mailer.Profiles{DB: st.DB, Secrets: secret.OpenFile(dir)}
	if _, err := profiles.Save(model.SMTPProfile{Name: "sink", Host: "127.0.0.1", Port: port, TLS: model.TLSNone, Concurrency: 4}, nil); err != nil {
		b.Fatal(err)
	}
	return st, msgID
}

// rssRuns sends the message from a child process per iteration and reports its peak RSS.
func rssRuns(b *testing.B, dir string, msgID int64, n int) {
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "COMMHUB_RSS_DATA="+dir, "COMMHUB_RSS_MESSAGE="+strconv.FormatInt(msgID, 10))
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("child: %v", err)
		}
		var kb, sent int64
		var secs float64
		if _, err := fmt.Sscanf(strings.TrimSpace(string(out)), "vmhwm_kb=%d sent=%d seconds=%f", &kb, &sent, &secs); err != nil || sent != int64(n) {
			b.Fatalf("child said %q (%v)", out, err)
		}
		b.ReportMetric(float64(kb)/1024, "MB-peak-RSS")
		b.Logf("%d-recipient run: peak RSS %.1f MB, %d sent in %.1f s (%.0f msg/s)", n, float64(kb)/1024, sent, secs, float64(sent)/secs)
	}
}

// rssChild is the child of BenchmarkDeliveryRSS100k.
func rssChild(dir, message string) int {
	st, err := store.Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	msgID, _ := strconv.ParseInt(message, 10, 64)
	e := benchEngine(st)
	if err := e.Start(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	if path := os.Getenv("COMMHUB_RSS_HEAPPROFILE"); path != "" {
		stop := profileHeapPeak(path)
		defer stop()
	}
	t0 := time.Now()
	runID, err := e.Send(context.Background(), msgID)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	if os.Getenv("COMMHUB_RSS_HEAPPROFILE") != "" {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Fprintf(os.Stderr, "snapshot done after %.1f s: peak RSS so far %.1f MB; Go runtime holds %.1f MB (heap in use %.1f MB)\n",
			time.Since(t0).Seconds(), float64(vmHWM())/1024, float64(ms.Sys-ms.HeapReleased)/(1<<20), float64(ms.HeapInuse)/(1<<20))
	}
	p, err := e.Wait(context.Background(), runID)
	secs := time.Since(t0).Seconds()
	e.Stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 4
	}
	fmt.Printf("vmhwm_kb=%d sent=%d seconds=%.2f\n", vmHWM(), p.Sent, secs)
	return 0
}

// cpuTime is the CPU (user + system) this process has used so far: on a shared machine
// it shows the cost per message independently of how much CPU the scheduler gave us.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// vmHWM reads the process's peak resident set size from /proc/self/status, in kB.
func vmHWM() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb
		}
	}
	return -1
}

// profileHeapPeak writes a heap profile to path each time the heap in use reaches a
// new high, to see what the peak is made of.
func profileHeapPeak(path string) func() {
	quit := make(chan struct{})
	go func() {
		var peak uint64
		for {
			select {
			case <-quit:
				return
			case <-time.After(200 * time.Millisecond):
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak+peak/20 {
				peak = ms.HeapInuse
				if f, err := os.Create(path); err == nil {
					pprof.WriteHeapProfile(f)
					f.Close()
				}
			}
		}
	}()
	return func() { close(quit) }
}
