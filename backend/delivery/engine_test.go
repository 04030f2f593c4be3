package delivery

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
)

func TestEveryRecipientEndsOnceAndServerAgrees(t *testing.T) {
	rs := recipients(60)
	rs[0].Status, rs[0].Reason = DecisionBlocked, "not approved for offer 12"
	rs[1].Status, rs[1].Reason = DecisionSkipped, "partner is inactive"
	rs[7].Email = "P9@example.test" // the same address as partner 9, in other case
	rs[3].Email = ""
	faults := func(rcpt string, n int) smtptest.Fault {
		switch rcpt {
		case "p10@example.test", "p11@example.test": // throttled twice, then accepted
			if n <= 2 {
				return smtptest.Fault{Rcpt: &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: "too many messages, slow down"}}
			}
		case "p12@example.test":
			if n == 1 {
				return smtptest.Fault{Rcpt: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}}
			}
		case "p20@example.test":
			return smtptest.Fault{Rcpt: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}}
		case "p21@example.test":
			return smtptest.Fault{Data: &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "message refused as spam"}}
		case "p30@example.test", "p31@example.test":
			if n == 1 {
				return smtptest.Fault{DropMidData: true}
			}
		case "p40@example.test":
			if n == 1 {
				return smtptest.Fault{Stall: 1200 * time.Millisecond}
			}
		case "p50@example.test": // never accepted: gives up after MaxTries
			return smtptest.Fault{Rcpt: &smtp.SMTPError{Code: 450, EnhancedCode: smtp.EnhancedCode{4, 2, 1}, Message: "mailbox busy"}}
		}
		return smtptest.Fault{}
	}
	h := newHarness(t, rs, faults, model.SMTPProfile{})
	h.cfg.MaxTries = 4
	h.eng.cfg.MaxTries = 4
	// Suppressed before the run, and blocked between snapshot and send.
	h.st.DB.Create(&model.Suppression{Email: "p5@example.test", Reason: model.SuppressUnsubscribed, At: time.Now()})
	h.src.atSend[6] = Recipient{Kind: "partner", ID: 6, Status: DecisionBlocked, Reason: "approval for offer 12 was revoked"}

	runID := h.send()
	p := h.wait(runID)
	counts := h.checkLedger(runID)
	rows := h.rows(runID)

	want := map[string]string{
		"p1@example.test#1":   model.DeliveryBlocked,
		"p2@example.test#2":   model.DeliverySkipped,
		"P9@example.test#8":   model.DeliverySent,
		"p9@example.test#9":   model.DeliverySkipped,
		"#4":                  model.DeliverySkipped,
		"p5@example.test#5":   model.DeliverySkipped,
		"p6@example.test#6":   model.DeliveryBlocked,
		"p10@example.test#10": model.DeliverySent,
		"p12@example.test#12": model.DeliverySent,
		"p20@example.test#20": model.DeliveryFailed,
		"p21@example.test#21": model.DeliveryFailed,
		"p30@example.test#30": model.DeliverySent,
		"p40@example.test#40": model.DeliverySent,
		"p50@example.test#50": model.DeliveryFailed,
	}
	for key, status := range want {
		if rows[key].Status != status {
			t.Errorf("%s: %s (%q), want %s", key, rows[key].Status, rows[key].Reason, status)
		}
	}
	for key, part := range map[string]string{
		"p20@example.test#20": "550 5.1.1", "p21@example.test#21": "554 5.7.1 message refused",
		"p50@example.test#50": "gave up after 4 tries: 450", "p9@example.test#9": "duplicate address",
		"p5@example.test#5": "suppressed: unsubscribed", "p6@example.test#6": "revoked",
	} {
		if !strings.Contains(rows[key].Reason, part) {
			t.Errorf("%s: reason %q lacks %q", key, rows[key].Reason, part)
		}
	}
	if rows["p10@example.test#10"].Attempts != 3 || rows["p50@example.test#50"].Attempts != 4 {
		t.Errorf("attempts: p10 %d (want 3), p50 %d (want 4)", rows["p10@example.test#10"].Attempts, rows["p50@example.test#50"].Attempts)
	}
	var sup model.Suppression
	h.st.DB.Where("email = ?", "p20@example.test").Find(&sup)
	if sup.Reason != model.SuppressBounced || !strings.Contains(sup.Note, "5.1.1") {
		t.Errorf("hard bounce not suppressed: %+v", sup)
	}
	if counts[model.DeliverySent] != 51 || counts[model.DeliveryFailed] != 3 {
		t.Errorf("counts %v, want 51 sent and 3 failed", counts)
	}
	if p.Status != model.RunDone || p.Sent != 51 || p.Failed != 3 || p.Blocked != 2 || p.Skipped != 4 || p.Remaining != 0 {
		t.Errorf("final progress %+v", p)
	}
	last := h.rec.last()
	last.Rate, last.SlowedTo, last.ETASeconds = p.Rate, p.SlowedTo, p.ETASeconds
	if last != p {
		t.Errorf("last event %+v differs from the stored progress %+v", last, p)
	}
	var run model.Run
	h.st.DB.First(&run, runID)
	if run.Resolved != 60 || run.FinishedAt == nil {
		t.Errorf("run %+v: want resolved 60 and a finish time", run)
	}
}

func TestServerDownAtStartComesBack(t *testing.T) {
	h := newHarness(t, recipients(20), nil, model.SMTPProfile{})
	h.sink.Stop()
	runID := h.send()
	time.Sleep(300 * time.Millisecond)
	if n := len(h.sink.Received()); n != 0 {
		t.Fatalf("%d received while the server was down", n)
	}
	if err := h.sink.Resume(); err != nil {
		t.Fatal(err)
	}
	p := h.wait(runID)
	counts := h.checkLedger(runID)
	if counts[model.DeliverySent] != 20 || p.Status != model.RunDone {
		t.Fatalf("counts %v status %s", counts, p.Status)
	}
	for _, d := range h.rows(runID) {
		if d.Attempts != 1 {
			t.Errorf("%s took %d attempts: an unreachable server must not use up the recipient's tries", d.Email, d.Attempts)
		}
	}
}

func TestServerDownTooLongPausesThenResumes(t *testing.T) {
	h := newHarness(t, recipients(10), nil, model.SMTPProfile{})
	h.eng.cfg.MaxDown = 150 * time.Millisecond
	h.sink.Stop()
	runID := h.send()
	p := h.wait(runID)
	if p.Status != model.RunPaused || !strings.Contains(p.Note, "unreachable") || p.Queued != 10 {
		t.Fatalf("after the server stayed down: %+v", p)
	}
	if err := h.sink.Resume(); err != nil {
		t.Fatal(err)
	}
	if err := h.eng.Resume(runID); err != nil {
		t.Fatal(err)
	}
	p = h.wait(runID)
	if counts := h.checkLedger(runID); counts[model.DeliverySent] != 10 || p.Status != model.RunDone {
		t.Fatalf("after resume: %v %+v", counts, p)
	}
}

func TestLoginFailurePausesTheRunWithoutFailingRecipients(t *testing.T) {
	h := newHarness(t, recipients(5), nil, model.SMTPProfile{})
	h.sink.Users = map[string]string{"news": "right"}
	wrong := "wrong"
	prof := h.prof
	prof.Username = "news"
	if _, err := h.cfg.Profiles.Save(prof, &wrong); err != nil {
		t.Fatal(err)
	}
	runID := h.send()
	p := h.wait(runID)
	if p.Status != model.RunPaused || !strings.Contains(p.Note, "535") || p.Queued != 5 || p.Failed != 0 {
		t.Fatalf("after a refused login: %+v", p)
	}
	right := "right"
	if _, err := h.cfg.Profiles.Save(prof, &right); err != nil {
		t.Fatal(err)
	}
	if err := h.eng.Resume(runID); err != nil {
		t.Fatal(err)
	}
	if p = h.wait(runID); p.Status != model.RunDone || p.Sent != 5 {
		t.Fatalf("after fixing the password: %+v", p)
	}
	h.checkLedger(runID)
}
