package delivery

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	simple "github.com/xhit/go-simple-mail/v2"
	"gorm.io/gorm"

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
// render, send, log) and, in the same run, the same pre-rendered messages through a
// bare go-simple-mail loop at the same concurrency. The two alternate, baseline first
// and last (base, ours, base, ours, ..., base); each of our rounds is compared with the
// mean of the baselines on either side of it, and the median of those ratios is the
// figure: the machine is shared, and one round can be hit by someone else's build.
func BenchmarkDelivery20k(b *testing.B) {
	const workers = 4
	n := envInt("COMMHUB_BENCH_N", 20_000) // quicker experiments; the documented figures use 20,000
	rounds := envInt("COMMHUB_BENCH_ROUNDS", 3)
	sink, err := smtptest.Start(&smtptest.Sink{Discard: true})
	if err != nil {
		b.Fatal(err)
	}
	defer sink.Close()
	st, msgID := benchSetup(b, b.TempDir(), n, sink.Port())
	defer st.Close()
	msgs := prerender(b, st, msgID, n)
	for b.Loop() {
		var ratios, cpuRatios, oursRate, bareRate []float64
		c0 := cpuTime()
		prev := bareLoop(b, sink, msgs, workers)
		c1 := cpuTime()
		prevCPU := c1 - c0
		for i := range rounds {
			c0 := cpuTime()
			ours := pipeline(b, st, sink, msgID)
			c1 := cpuTime()
			next := bareLoop(b, sink, msgs, workers)
			c2 := cpuTime()
			base, baseCPU := (prev+next)/2, (prevCPU+c2-c1)/2
			ratios = append(ratios, base.Seconds()/ours.Seconds())
			cpuRatios = append(cpuRatios, baseCPU.Seconds()/(c1-c0).Seconds())
			oursRate = append(oursRate, float64(n)/ours.Seconds())
			bareRate = append(bareRate, float64(n)/base.Seconds())
			b.Logf("round %d: ours %v (%.0f msg/s, CPU %.0f µs/msg); bare loop %v and %v (%.0f msg/s, CPU %.0f µs/msg); ratio %.2fx, CPU-time ratio %.2fx",
				i+1, ours.Round(time.Millisecond), oursRate[i], float64((c1-c0).Microseconds())/float64(n),
				prev.Round(time.Millisecond), next.Round(time.Millisecond), bareRate[i], float64(baseCPU.Microseconds())/float64(n),
				ratios[i], cpuRatios[i])
			prev, prevCPU = next, c2-c1
		}
		b.ReportMetric(median(oursRate), "msg/s-ours")
		b.ReportMetric(median(bareRate), "msg/s-bare")
		b.ReportMetric(median(cpuRatios), "x-cpu")
		b.ReportMetric(median(ratios), "x-throughput")
		b.Logf("median of %d rounds: ours %.0f msg/s, bare loop %.0f msg/s; throughput ratio %.2fx (target 0.8), CPU-time ratio %.2fx",
			rounds, median(oursRate), median(bareRate), median(ratios), median(cpuRatios))
	}
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
	const n = 100_000
	sink, err := smtptest.Start(&smtptest.Sink{Discard: true})
	if err != nil {
		b.Fatal(err)
	}
	defer sink.Close()
	dir := b.TempDir()
	st, msgID := benchSetup(b, dir, n, sink.Port())
	st.Close()
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
		if _, err := fmt.Sscanf(strings.TrimSpace(string(out)), "vmhwm_kb=%d sent=%d seconds=%f", &kb, &sent, &secs); err != nil || sent != n {
			b.Fatalf("child said %q (%v)", out, err)
		}
		b.ReportMetric(float64(kb)/1024, "MB-peak-RSS")
		b.Logf("100,000-recipient run: peak RSS %.1f MB, %d sent in %.1f s (%.0f msg/s)", float64(kb)/1024, sent, secs, float64(sent)/secs)
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
	t0 := time.Now()
	runID, err := e.Send(context.Background(), msgID)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
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
