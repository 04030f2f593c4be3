package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/zalando/go-keyring"

	"commhub/backend/api"
	"commhub/backend/delivery"
	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
	"commhub/backend/rpc"
	"commhub/backend/store"
	"commhub/backend/store/storetest"
)

// httpBridge is the app served over real HTTP with a real send engine and SMTP server,
// the way a browser tab (or two) reaches it.
type httpBridge struct {
	t    *testing.T
	url  string
	st   *store.Store
	eng  *delivery.Engine
	sink *smtptest.Sink
}

type rpcFault struct {
	Error *rpc.Error `json:"error"`
}

func newHTTPBridge(t *testing.T, sink *smtptest.Sink) *httpBridge {
	t.Helper()
	keyring.MockInit()
	st := storetest.Open(t)
	svcs := api.New(api.Deps{Store: st})
	eng := svcs.DeliveryEngine()
	if err := eng.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eng.Stop)
	h, err := rpc.NewHandler(rpc.Config{Services: svcs.Bound(), Token: "t", Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	sink.KeepBody = true
	if sink, err = smtptest.Start(sink); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sink.Close)
	b := &httpBridge{t: t, url: srv.URL, st: st, eng: eng, sink: sink}
	prof := map[string]any{"name": "Sink", "host": "127.0.0.1", "port": sink.Port(), "tls": "none", "fromEmail": "news@example.test", "concurrency": 4}
	b.must(nil, "SMTP.Save", prof, nil)
	var settings map[string]any
	b.must(&settings, "Settings.Get")
	settings["trackingDomain"], settings["unsubscribeBaseUrl"], settings["defaultFromEmail"] = "trk.example.test", "https://trk.example.test/u", "news@example.test"
	b.must(nil, "Settings.Save", settings)
	return b
}

// call posts one RPC and returns its error reply, nil on success.
func (b *httpBridge) call(out any, method string, args ...any) *rpc.Error {
	body, err := json.Marshal(args)
	if err != nil {
		b.t.Error(err)
		return nil
	}
	req, _ := http.NewRequest(http.MethodPost, b.url+"/rpc/"+method, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer t")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Errorf("%s: %v", method, err)
		return &rpc.Error{Code: "transport", Message: err.Error()}
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		var f rpcFault
		if err := json.NewDecoder(res.Body).Decode(&f); err != nil || f.Error == nil {
			b.t.Errorf("%s: HTTP %d without an error body (%v)", method, res.StatusCode, err)
			return &rpc.Error{Code: "broken"}
		}
		return f.Error
	}
	if out != nil {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			b.t.Errorf("%s: %v", method, err)
		}
	}
	return nil
}

func (b *httpBridge) must(out any, method string, args ...any) {
	b.t.Helper()
	if e := b.call(out, method, args...); e != nil {
		b.t.Fatalf("%s: %s: %s", method, e.Code, e.Message)
	}
}

func (b *httpBridge) wait(runID int64) delivery.Progress {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := b.eng.Wait(ctx, runID)
	if err != nil {
		b.t.Fatalf("run %d: %v", runID, err)
	}
	return p
}

// partners stores n active partners p1..pn@example.test and returns their ids.
func (b *httpBridge) partners(n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i + 1)
		p := model.Partner{ID: ids[i], Name: fmt.Sprintf("P%d", i+1), Email: fmt.Sprintf("p%d@example.test", i+1), Status: "active"}
		if err := b.st.DB.Create(&p).Error; err != nil {
			b.t.Fatal(err)
		}
	}
	return ids
}

func (b *httpBridge) message(subject, body string, ids []int64) int64 {
	var id int64
	b.must(&id, "Messages.Save", map[string]any{"kind": "general", "subject": subject, "fromEmail": "news@example.test",
		"body": body, "recipients": map[string]any{"ids": ids}})
	return id
}

// copies counts what the SMTP server accepted per recipient for one subject.
func (b *httpBridge) copies(subject string) map[string][]string {
	out := map[string][]string{}
	for _, r := range b.sink.Received() {
		if r.Header.Get("Subject") == subject {
			out[r.To] = append(out[r.To], r.Body)
		}
	}
	return out
}

func TestParallelSendsOfOneMessageStartOneRun(t *testing.T) {
	b := newHTTPBridge(t, &smtptest.Sink{})
	ids := b.partners(5)
	msg := b.message("Once only", "<p>Hello</p>", ids)

	const callers = 8
	var wg sync.WaitGroup
	runIDs := make([]int64, callers)
	faults := make([]*rpc.Error, callers)
	start := make(chan struct{})
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			faults[i] = b.call(&runIDs[i], "Deliveries.Send", msg)
		}()
	}
	close(start)
	wg.Wait()
	var started []int64
	for i, f := range faults {
		switch {
		case f == nil:
			started = append(started, runIDs[i])
		case f.Code != "conflict":
			t.Errorf("caller %d: %s %q, want conflict", i, f.Code, f.Message)
		}
	}
	if len(started) != 1 {
		t.Fatalf("%d of %d parallel sends started a run (%v), want exactly one", len(started), callers, started)
	}
	if p := b.wait(started[0]); p.Sent != int64(len(ids)) {
		t.Fatalf("the run sent %d of %d", p.Sent, len(ids))
	}
	var runs int64
	b.st.DB.Model(&model.Run{}).Where("message_id = ?", msg).Count(&runs)
	if runs != 1 {
		t.Errorf("%d runs stored, want 1", runs)
	}
	got := b.copies("Once only")
	for _, id := range ids {
		to := fmt.Sprintf("p%d@example.test", id)
		if len(got[to]) != 1 {
			t.Errorf("%s received %d copies, want 1", to, len(got[to]))
		}
	}
}

// A save and a send of one message at the same moment: whichever comes first, what the
// recipients got is exactly what the stored message says.
func TestSaveRacingSendNeverSendsSomethingElse(t *testing.T) {
	b := newHTTPBridge(t, &smtptest.Sink{})
	ids := b.partners(3)
	for i := range 10 {
		subject := fmt.Sprintf("Race %d", i)
		msg := b.message(subject, fmt.Sprintf("<p>first-version-%d</p>", i), ids)
		var m model.Message
		b.must(&m, "Messages.Get", msg)
		m.Body = fmt.Sprintf("<p>second-version-%d</p>", i)
		var runID int64
		var sendErr, saveErr *rpc.Error
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); sendErr = b.call(&runID, "Deliveries.Send", msg) }()
		go func() { defer wg.Done(); saveErr = b.call(nil, "Messages.Save", m) }()
		wg.Wait()
		if sendErr != nil {
			t.Fatalf("try %d: send: %s %s", i, sendErr.Code, sendErr.Message)
		}
		if saveErr != nil && saveErr.Code != "conflict" {
			t.Fatalf("try %d: save: %s %s", i, saveErr.Code, saveErr.Message)
		}
		b.wait(runID)
		var stored model.Message
		b.must(&stored, "Messages.Get", msg)
		marker := strings.TrimSuffix(strings.TrimPrefix(stored.Body, "<p>"), "</p>")
		got := b.copies(subject)
		if len(got) != len(ids) {
			t.Fatalf("try %d: %d recipients got it, want %d", i, len(got), len(ids))
		}
		for to, bodies := range got {
			if len(bodies) != 1 || !strings.Contains(bodies[0], marker) {
				t.Errorf("try %d: %s got a message without the stored body %q (save answered %v)", i, to, marker, saveErr)
			}
		}
	}
}

// A sent message is not sent again by the ordinary send; sending again is its own step,
// which by default reaches only those who did not get it.
func TestASentMessageIsSentAgainOnlyOnPurpose(t *testing.T) {
	sink := &smtptest.Sink{Faults: func(rcpt string, attempt int) smtptest.Fault {
		if rcpt == "p3@example.test" && attempt == 1 {
			return smtptest.Fault{Rcpt: &smtp.SMTPError{Code: 550, Message: "no such mailbox today"}}
		}
		return smtptest.Fault{}
	}}
	b := newHTTPBridge(t, sink)
	ids := b.partners(4)
	b.st.DB.Create(&model.Suppression{Email: "p4@example.test", Reason: "complained", At: time.Now()})
	msg := b.message("Twice", "<p>Hello</p>", ids)
	if e := b.call(nil, "Deliveries.SendAgain", msg, true); e == nil || e.Code != "conflict" {
		t.Fatalf("sending again a message never sent: %v, want conflict", e)
	}
	var first int64
	b.must(&first, "Deliveries.Send", msg)
	if p := b.wait(first); p.Sent != 2 || p.Failed != 1 || p.Skipped != 1 {
		t.Fatalf("first run: %+v", p.Totals)
	}
	e := b.call(nil, "Deliveries.Send", msg)
	if e == nil || e.Code != "conflict" || !strings.Contains(e.Message, "send again") {
		t.Fatalf("Send of a sent message: %v, want a conflict pointing at send again", e)
	}
	var pre delivery.AgainPreview
	b.must(&pre, "Deliveries.SendAgainPreview", msg)
	want := delivery.AgainPreview{Runs: 1, AlreadySent: 2, Total: 4, Everyone: 3, WouldSend: 1}
	if pre != want {
		t.Fatalf("preview %+v, want %+v", pre, want)
	}
	var again int64
	b.must(&again, "Deliveries.SendAgain", msg, true)
	if p := b.wait(again); p.Sent != 1 || p.Skipped != 3 {
		t.Fatalf("send again to the missing: %+v", p.Totals)
	}
	var page delivery.RecipientPage
	b.must(&page, "Deliveries.Recipients", again, "skipped", "already", 1, 50)
	if page.Total != 2 || !strings.Contains(page.Rows[0].Reason, fmt.Sprintf("already received it in run %d", first)) {
		t.Fatalf("skipped rows of the second run: %+v", page)
	}
	got := b.copies("Twice")
	for to, n := range map[string]int{"p1@example.test": 1, "p2@example.test": 1, "p3@example.test": 1} {
		if len(got[to]) != n {
			t.Errorf("%s has %d copies, want %d", to, len(got[to]), n)
		}
	}
	b.must(&pre, "Deliveries.SendAgainPreview", msg)
	if pre.AlreadySent != 3 || pre.WouldSend != 0 || pre.Runs != 2 {
		t.Fatalf("preview after the second run: %+v", pre)
	}
	var all int64
	b.must(&all, "Deliveries.SendAgain", msg, false)
	if p := b.wait(all); p.Sent != 3 {
		t.Fatalf("send again to everyone: %+v", p.Totals)
	}
}
