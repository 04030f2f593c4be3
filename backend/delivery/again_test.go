package delivery

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"commhub/backend/compose"
	"commhub/backend/model"
	"commhub/backend/store/storetest"
)

// Cancelling a second send that reached nobody leaves the message "sent": the first send
// did reach people, and a "ready" message would offer the ordinary send again.
func TestCancellingASendAgainKeepsTheMessageSent(t *testing.T) {
	st := storetest.Open(t)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	id, err := compose.Save(context.Background(), st.DB, model.Message{Subject: "Hi"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := compose.SetStatus(st.DB, id, model.MessageSending); err != nil {
		t.Fatal(err)
	}
	runs := []model.Run{{ID: 1, MessageID: id, ProfileID: 1, Status: model.RunDone, CreatedAt: now},
		{ID: 2, MessageID: id, ProfileID: 1, Status: model.RunCancelled, CreatedAt: now}}
	rows := []model.Delivery{{RunID: 1, Status: model.DeliverySent, Kind: "partners", RecipientID: 1, Email: "a@example.test", UpdatedAt: now},
		{RunID: 2, Status: model.DeliveryCancelled, Kind: "partners", RecipientID: 2, Email: "b@example.test", UpdatedAt: now}}
	if err := st.DB.Create(&runs).Error; err != nil {
		t.Fatal(err)
	}
	if err := st.DB.Create(&rows).Error; err != nil {
		t.Fatal(err)
	}
	e := New(Config{DB: st.DB, Messages: ComposeMessages{}})
	e.messageCancelled(2, id)
	m, _ := compose.Get(context.Background(), st.DB, id)
	if m.Status != model.MessageSent {
		t.Fatalf("message is %q after its second send was cancelled, want sent", m.Status)
	}
	st.DB.Model(&model.Delivery{}).Where("run_id = 1").Update("status", model.DeliveryCancelled)
	e.messageCancelled(2, id)
	if m, _ = compose.Get(context.Background(), st.DB, id); m.Status != model.MessageReady {
		t.Fatalf("message is %q when no send reached anybody, want ready", m.Status)
	}
}

// A send reads its SMTP profile (and the password) once, then hands it to the runner.
func TestSendLooksTheProfileUpOnce(t *testing.T) {
	h := newHarness(t, recipients(3), nil, model.SMTPProfile{})
	var lookups atomic.Int64
	err := h.st.DB.Callback().Query().After("gorm:query").Register("count_profile_lookups", func(db *gorm.DB) {
		if db.Statement.Table == "smtp_profiles" {
			lookups.Add(1)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	h.wait(h.send())
	if n := lookups.Load(); n != 1 {
		t.Fatalf("the send looked the SMTP profile up %d times, want once", n)
	}
}
