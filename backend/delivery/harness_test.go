package delivery

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"commhub/backend/mailer"
	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
	"commhub/backend/secret"
	"commhub/backend/store"

	"commhub/backend/events"
)

// fakeSource stands in for a compiled message: every recipient renders to a small
// personalised email; decisions can be changed between snapshot and send.
type fakeSource struct {
	mu      sync.Mutex
	list    []Recipient
	byID    map[int64]Recipient
	atSend  map[int64]Recipient // decision overrides for Decide
	renders int
}

func newFakeSource(rs []Recipient) *fakeSource {
	f := &fakeSource{list: rs, byID: map[int64]Recipient{}, atSend: map[int64]Recipient{}}
	for _, r := range rs {
		f.byID[r.ID] = r
	}
	return f
}

func (f *fakeSource) Recipients(_ context.Context, fn func(Recipient) error) error {
	for _, r := range f.list {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSource) Render(_ context.Context, _ string, ids []int64, fn func(int64, Content, error) error) error {
	for _, id := range ids {
		f.mu.Lock()
		f.renders++
		dec, changed := f.atSend[id]
		f.mu.Unlock()
		if changed && dec.Status != DecisionOK {
			if err := fn(id, Content{}, &Ineligible{Decision: dec}); err != nil {
				return err
			}
			continue
		}
		r := f.byID[id]
		c := Content{To: r.Email, ToName: r.Name, Subject: "News for " + r.Name,
			HTML: "<p>Hello <b>" + r.Name + "</b></p>", Text: "Hello " + r.Name,
			UnsubscribeURL: fmt.Sprintf("https://t.network.test/u/%d", id)}
		if err := fn(id, c, nil); err != nil {
			return err
		}
	}
	return nil
}

// recipients makes n ok partners p1..pn with addresses p<i>@example.test.
func recipients(n int) []Recipient {
	out := make([]Recipient, n)
	for i := range out {
		id := int64(i + 1)
		out[i] = Recipient{Kind: "partner", ID: id, Name: fmt.Sprintf("Partner %d", id),
			Email: fmt.Sprintf("p%d@example.test", id), Status: DecisionOK}
	}
	return out
}

type recorder struct {
	mu     sync.Mutex
	events []Progress
}

func (r *recorder) Emit(name events.Name, data any) {
	if name != events.DeliveryProgress {
		return
	}
	r.mu.Lock()
	r.events = append(r.events, data.(Progress))
	r.mu.Unlock()
}

func (r *recorder) last() Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.events) == 0 {
		return Progress{}
	}
	return r.events[len(r.events)-1]
}

type harness struct {
	t    *testing.T
	st   *store.Store
	sink *smtptest.Sink
	src  *fakeSource
	eng  *Engine
	rec  *recorder
	prof model.SMTPProfile
	cfg  Config
}

// newHarness opens a real database in a temp dir, starts a real SMTP server on
// loopback and an engine with short back-offs.
func newHarness(t *testing.T, rs []Recipient, faults func(string, int) smtptest.Fault, prof model.SMTPProfile) *harness {
	t.Helper()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sink, err := smtptest.Start(&smtptest.Sink{Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sink.Close)
	profiles := &mailer.Profiles{DB: st.DB, Secrets: secret.OpenFile(st.Dir)}
	prof.Name, prof.Host, prof.Port, prof.TLS = "sink", "127.0.0.1", sink.Port(), model.TLSNone
	if prof.Concurrency == 0 {
		prof.Concurrency = 3
	}
	prof.FromName, prof.FromEmail = "Network Team", "team@network.test"
	if prof, err = profiles.Save(prof, nil); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, st: st, sink: sink, src: newFakeSource(rs), rec: &recorder{}, prof: prof}
	h.cfg = Config{DB: st.DB, Events: h.rec, Profiles: profiles,
		Open: func(context.Context, *gorm.DB, int64, time.Time) (Source, Header, error) {
			return h.src, Header{MessageID: 7, Subject: "News"}, nil
		},
		Dialer: mailer.Dialer{Timeout: 400 * time.Millisecond}, Backoff: 10 * time.Millisecond,
		MaxBackoff: 80 * time.Millisecond, MaxDown: 20 * time.Second, SlowPace: 200, ProgressEvery: 20 * time.Millisecond}
	h.start()
	return h
}

func (h *harness) start() {
	h.eng = New(h.cfg)
	if err := h.eng.Start(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(h.eng.Stop)
}

func (h *harness) send() int64 {
	h.t.Helper()
	id, err := h.eng.Send(context.Background(), 7)
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

func (h *harness) wait(runID int64) Progress {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	p, err := h.eng.Wait(ctx, runID)
	if err != nil {
		h.t.Fatalf("run %d did not stop: %v", runID, err)
	}
	return p
}

func (h *harness) rows(runID int64) map[string]model.Delivery {
	var ds []model.Delivery
	if err := h.st.DB.Where("run_id = ?", runID).Find(&ds).Error; err != nil {
		h.t.Fatal(err)
	}
	out := map[string]model.Delivery{}
	for _, d := range ds {
		out[fmt.Sprintf("%s#%d", d.Email, d.RecipientID)] = d
	}
	return out
}

// checkLedger asserts the two invariants of every run: each recipient is in exactly one
// allowed final status, and the server's log matches the sent log one for one.
func (h *harness) checkLedger(runID int64, allowed ...string) map[string]int {
	h.t.Helper()
	if len(allowed) == 0 {
		allowed = []string{model.DeliverySent, model.DeliveryFailed, model.DeliveryBlocked, model.DeliverySkipped, model.DeliveryUnknown}
	}
	counts := map[string]int{}
	sentIDs := map[string]string{} // message-id -> email
	for _, d := range h.rows(runID) {
		counts[d.Status]++
		if !contains(allowed, d.Status) {
			h.t.Errorf("%s ended %s (%s), want one of %v", d.Email, d.Status, d.Reason, allowed)
		}
		if d.Status == model.DeliverySent {
			sentIDs[d.MessageIDHeader] = strings.ToLower(d.Email)
		}
	}
	got := map[string]int{}
	for _, r := range h.sink.Received() {
		got[r.To]++
		if email, ok := sentIDs[r.MessageID]; !ok || email != r.To {
			h.t.Errorf("server received %s for %s, which the sent log does not have", r.MessageID, r.To)
		}
	}
	for _, email := range sentIDs {
		if got[email] != 1 {
			h.t.Errorf("%s is logged sent but the server received it %d times", email, got[email])
		}
	}
	if len(sentIDs) != len(h.sink.Received()) {
		h.t.Errorf("sent log has %d messages, server received %d", len(sentIDs), len(h.sink.Received()))
	}
	return counts
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
