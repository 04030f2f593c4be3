package schedule_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"commhub/backend/api"
	"commhub/backend/delivery"
	"commhub/backend/events"
	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
	"commhub/backend/rpc"
	"commhub/backend/schedule"
	"commhub/backend/store"
)

// clock is the fake clock that drives the scheduler: tests move it by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// env is the app's backend on a real store and a real SMTP server, with a fake clock.
type env struct {
	t     *testing.T
	dir   string
	clock *clock
	sink  *smtptest.Sink
	st    *store.Store
	svcs  *api.Services
	d     *rpc.Dispatcher
	seq   int
}

func newEnv(t *testing.T, now time.Time) *env {
	t.Helper()
	keyring.MockInit()
	sink, err := smtptest.Start(&smtptest.Sink{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sink.Close)
	e := &env{t: t, dir: t.TempDir(), clock: &clock{t: now}, sink: sink}
	e.open()
	prof := map[string]any{"name": "Sink", "host": "127.0.0.1", "port": sink.Port(), "tls": "none", "fromEmail": "news@example.test", "concurrency": 2}
	e.must(nil, "SMTP.Save", prof, nil)
	var s map[string]any
	e.must(&s, "Settings.Get")
	s["trackingDomain"], s["unsubscribeBaseUrl"], s["defaultFromEmail"], s["timeZone"] = "trk.example.test", "https://trk.example.test/u", "news@example.test", "Europe/Berlin"
	e.must(nil, "Settings.Save", s)
	for i := 1; i <= 3; i++ {
		p := model.Partner{ID: int64(i), Name: fmt.Sprintf("P%d", i), Email: fmt.Sprintf("p%d@example.test", i), Status: "active"}
		if err := e.st.DB.Create(&p).Error; err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// open starts the backend on the env's folder, as a start of the app does.
func (e *env) open() { e.openWith(nil) }

func (e *env) openWith(sink events.Sink) {
	e.t.Helper()
	st, err := store.Open(e.dir)
	if err != nil {
		e.t.Fatal(err)
	}
	e.st = st
	e.svcs = api.New(api.Deps{Store: st, Now: e.clock.Now, Events: sink})
	if err := e.svcs.DeliveryEngine().Start(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	if e.d, err = rpc.NewDispatcher(e.svcs.Bound()); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(e.close)
}

// close stops the backend as quitting the app does (safe to call twice).
func (e *env) close() {
	if e.st == nil {
		return
	}
	e.svcs.DeliveryEngine().Stop()
	e.st.Close()
	e.st = nil
}

func (e *env) call(out any, method string, args ...any) *rpc.Error {
	e.t.Helper()
	body, _ := json.Marshal(args)
	svc, name, _ := strings.Cut(method, ".")
	res, rerr := e.d.Call(svc, name, body)
	if rerr == nil && out != nil {
		if err := json.Unmarshal(res, out); err != nil {
			e.t.Fatalf("%s: %v in %s", method, err, res)
		}
	}
	return rerr
}

func (e *env) must(out any, method string, args ...any) {
	e.t.Helper()
	if err := e.call(out, method, args...); err != nil {
		e.t.Fatalf("%s: %s: %s", method, err.Code, err.Message)
	}
}

// message saves a valid message to the given partners and returns its id.
func (e *env) message(ids ...int64) int64 {
	e.seq++
	var id int64
	e.must(&id, "Messages.Save", map[string]any{"kind": "general", "name": fmt.Sprintf("News %d", e.seq),
		"subject": fmt.Sprintf("News %d", e.seq), "body": "<p>Hello {partner_name}</p>", "recipients": map[string]any{"ids": ids}})
	return id
}

func (e *env) schedule(id int64, spec schedule.Spec) api.Scheduled {
	e.t.Helper()
	var out api.Scheduled
	e.must(&out, "Messages.Schedule", id, spec)
	return out
}

// tick moves the clock to t and runs one scan, as the running app does every few seconds.
func (e *env) tick(t string) []schedule.Fired {
	e.t.Helper()
	e.clock.Set(at(t))
	f, err := e.svcs.Scheduler().Tick(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	for _, x := range f {
		if x.RunID != 0 {
			e.wait(x.RunID)
		}
	}
	return f
}

func (e *env) wait(runID int64) delivery.Progress {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := e.svcs.DeliveryEngine().Wait(ctx, runID)
	if err != nil {
		e.t.Fatalf("run %d: %v", runID, err)
	}
	return p
}

func (e *env) runs(id int64) []delivery.RunSummary {
	e.t.Helper()
	var out []delivery.RunSummary
	e.must(&out, "Deliveries.Runs", id)
	return out
}

func (e *env) status(id int64) string {
	var m model.Message
	e.must(&m, "Messages.Get", id)
	return m.Status
}

func (e *env) occurrences(id int64) string {
	e.t.Helper()
	occ, err := schedule.Occurrences(e.st.DB, id)
	if err != nil {
		e.t.Fatal(err)
	}
	var parts []string
	for _, o := range occ {
		parts = append(parts, o.FireAt+" "+o.Status)
	}
	return strings.Join(parts, ", ")
}

// received counts the emails the SMTP server accepted with this subject.
func (e *env) received(subject string) int {
	n := 0
	for _, r := range e.sink.Received() {
		if r.Header.Get("Subject") == subject {
			n++
		}
	}
	return n
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func fired(f []schedule.Fired) string {
	var parts []string
	for _, x := range f {
		parts = append(parts, fmt.Sprintf("%d@%s %s", x.MessageID, schedule.FormatUTC(x.FireAt), x.Status))
	}
	return strings.Join(parts, ", ")
}
