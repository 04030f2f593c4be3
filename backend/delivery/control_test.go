package delivery

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"commhub/backend/fault"
	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
)

// waitSent polls until the server has at least n messages.
func waitSent(t *testing.T, h *harness, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for h.sink.Count() < n {
		if time.Now().After(deadline) {
			t.Fatalf("server has %d messages, waited for %d", h.sink.Count(), n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestPauseResumeCancelMidRun(t *testing.T) {
	h := newHarness(t, recipients(300), nil, model.SMTPProfile{Concurrency: 2, PerSecond: 100})
	runID := h.send()
	waitSent(t, h, 120)
	if err := h.eng.Pause(runID); err != nil {
		t.Fatal(err)
	}
	p, _ := h.eng.Progress(runID)
	atPause := h.sink.Count()
	if p.Status != model.RunPaused || p.Sending != 0 || int(p.Sent) != atPause || p.Queued == 0 {
		t.Fatalf("after pause: %+v, server has %d", p, atPause)
	}
	if err := h.eng.Pause(runID); fault.KindOf(err) != fault.Conflict {
		t.Fatalf("pausing twice: %v", err)
	}
	time.Sleep(100 * time.Millisecond)
	if h.sink.Count() != atPause {
		t.Fatalf("%d messages went out while paused", h.sink.Count()-atPause)
	}
	if err := h.eng.Resume(runID); err != nil {
		t.Fatal(err)
	}
	waitSent(t, h, atPause+40)
	if err := h.eng.Cancel(runID); err != nil {
		t.Fatal(err)
	}
	p = h.wait(runID)
	counts := h.checkLedger(runID, model.DeliverySent, model.DeliveryCancelled)
	if p.Status != model.RunCancelled || counts[model.DeliveryCancelled] == 0 || counts[model.DeliverySent]+counts[model.DeliveryCancelled] != 300 {
		t.Fatalf("after cancel: %+v %v", p, counts)
	}
	if err := h.eng.Resume(runID); fault.KindOf(err) != fault.Conflict {
		t.Fatalf("resuming a cancelled run: %v", err)
	}
	var msgs int64
	h.st.DB.Model(&model.Run{}).Where("id = ? AND finished_at IS NOT NULL", runID).Count(&msgs)
	if msgs != 1 {
		t.Fatal("cancelled run has no finish time")
	}
}

func TestCancelPausedRunAndRefuseDoubleSend(t *testing.T) {
	h := newHarness(t, recipients(50), nil, model.SMTPProfile{Concurrency: 1, PerSecond: 20})
	runID := h.send()
	if _, err := h.eng.Send(context.Background(), 7); fault.KindOf(err) != fault.Conflict {
		t.Fatalf("second send of a message being sent: %v", err)
	}
	waitSent(t, h, 5)
	if err := h.eng.Pause(runID); err != nil {
		t.Fatal(err)
	}
	if err := h.eng.Cancel(runID); err != nil {
		t.Fatal(err)
	}
	p, _ := h.eng.Progress(runID)
	if p.Status != model.RunCancelled || p.Queued != 0 || p.Cancelled == 0 {
		t.Fatalf("%+v", p)
	}
	h.checkLedger(runID, model.DeliverySent, model.DeliveryCancelled)
}

func TestRetryFailedSendsOnlyTheFailed(t *testing.T) {
	faults := func(rcpt string, n int) smtptest.Fault {
		if (rcpt == "p3@example.test" || rcpt == "p4@example.test") && n == 1 {
			return smtptest.Fault{Rcpt: &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "policy rejection"}}
		}
		return smtptest.Fault{}
	}
	h := newHarness(t, recipients(10), faults, model.SMTPProfile{})
	runID := h.send()
	p := h.wait(runID)
	if p.Failed != 2 || p.Sent != 8 {
		t.Fatalf("first pass: %+v", p)
	}
	n, err := h.eng.RetryFailed(runID)
	if err != nil || n != 2 {
		t.Fatalf("retry: %d %v", n, err)
	}
	p = h.wait(runID)
	counts := h.checkLedger(runID)
	if p.Status != model.RunDone || counts[model.DeliverySent] != 10 {
		t.Fatalf("after retry: %+v %v", p, counts)
	}
	if d := h.rows(runID)["p3@example.test#3"]; d.Attempts != 2 {
		t.Errorf("retried row shows %d attempts, want 2", d.Attempts)
	}
}

func TestRestartMarksInFlightUnknownAndResumes(t *testing.T) {
	// 20 a second: the run is still sending when the engine stops after 10 messages.
	h := newHarness(t, recipients(40), nil, model.SMTPProfile{Concurrency: 2, PerSecond: 20})
	runID := h.send()
	waitSent(t, h, 10)
	h.eng.Stop() // graceful: in-flight messages finish, the run stays running
	// Pretend two rows were in flight when the process died.
	var queued []model.Delivery
	h.st.DB.Where("run_id = ? AND status = ?", runID, model.DeliveryQueued).Order("id").Limit(2).Find(&queued)
	h.st.DB.Model(&model.Delivery{}).Where("id IN ?", []int64{queued[0].ID, queued[1].ID}).Update("status", model.DeliverySending)

	h.start()
	p := h.wait(runID)
	if p.Status != model.RunDone || p.Unknown != 2 || p.Sent != 38 {
		t.Fatalf("after restart: %+v", p)
	}
	rows := h.rows(runID)
	for _, d := range queued[:2] {
		got := rows[d.Email+"#"+strconv.FormatInt(d.RecipientID, 10)]
		if got.Status != model.DeliveryUnknown || !strings.Contains(got.Reason, "in flight") {
			t.Errorf("%s: %s %q, want unknown", d.Email, got.Status, got.Reason)
		}
	}
	if _, err := h.eng.ResolveUnknown(runID, []int64{queued[0].ID}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := h.eng.ResolveUnknown(runID, nil, false); err != nil {
		t.Fatal(err)
	}
	p = h.wait(runID)
	if p.Status != model.RunDone || p.Sent != 40 || p.Unknown != 0 {
		t.Fatalf("after resolving: %+v", p)
	}
	// queued[0] was marked sent by the user without being sent; queued[1] went out now.
	if n := len(h.sink.Received()); n != 39 {
		t.Fatalf("server received %d, want 39", n)
	}
}
