package store

import (
	"strings"
	"testing"
	"time"

	"commhub/backend/model"
)

// A store written before runs were limited to one unfinished per message, holding the
// duplicates parallel sends left behind, upgrades: the oldest run keeps sending, the later
// ones are cancelled with what they still had queued, and the database refuses new ones.
// Message statuses a client saved by hand are repaired on the way.
func TestUpgradeCancelsDuplicateUnfinishedRunsThenRefusesThem(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"DROP INDEX idx_send_runs_one_unfinished",
		"ALTER TABLE messages DROP COLUMN revision",
		"DELETE FROM schema_versions WHERE version >= 6", // later steps run again: they are idempotent
	} {
		if err := s.DB.Exec(q).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	runs := []model.Run{
		{ID: 1, MessageID: 10, ProfileID: 1, Status: model.RunRunning, CreatedAt: now},
		{ID: 2, MessageID: 10, ProfileID: 1, Status: model.RunPaused, CreatedAt: now},
		{ID: 3, MessageID: 10, ProfileID: 1, Status: model.RunRunning, CreatedAt: now},
		{ID: 4, MessageID: 10, ProfileID: 1, Status: model.RunDone, CreatedAt: now},
		{ID: 5, MessageID: 11, ProfileID: 1, Status: model.RunRunning, CreatedAt: now},
	}
	if err := s.DB.Create(&runs).Error; err != nil {
		t.Fatal(err)
	}
	msgs := []model.Message{
		{ID: 10, Subject: "being sent", Status: model.MessageSending, CreatedAt: now, UpdatedAt: now},
		{ID: 11, Subject: "being sent", Status: model.MessageSending, CreatedAt: now, UpdatedAt: now},
		{ID: 20, Subject: "said sending by a client", Status: model.MessageSending, CreatedAt: now, UpdatedAt: now},
		{ID: 21, Subject: "said sent by a client", Status: model.MessageSent, CreatedAt: now, UpdatedAt: now},
		{ID: 22, Subject: "left sending, reached nobody", Status: model.MessageSending, CreatedAt: now, UpdatedAt: now},
		{ID: 23, Subject: "left sending, reached somebody", Status: model.MessageSending, CreatedAt: now, UpdatedAt: now},
	}
	if err := s.DB.Omit("revision").Create(&msgs).Error; err != nil {
		t.Fatal(err)
	}
	finished := []model.Run{
		{ID: 6, MessageID: 22, ProfileID: 1, Status: model.RunCancelled, CreatedAt: now},
		{ID: 7, MessageID: 23, ProfileID: 1, Status: model.RunDone, CreatedAt: now},
	}
	if err := s.DB.Create(&finished).Error; err != nil {
		t.Fatal(err)
	}
	var rows []model.Delivery
	for run := int64(1); run <= 3; run++ {
		rows = append(rows,
			model.Delivery{RunID: run, Status: model.DeliveryQueued, Kind: "partners", RecipientID: 1, Email: "ann@example.test", UpdatedAt: now},
			model.Delivery{RunID: run, Status: model.DeliverySent, Kind: "partners", RecipientID: 2, Email: "bob@example.test", UpdatedAt: now})
	}
	rows = append(rows,
		model.Delivery{RunID: 6, Status: model.DeliveryCancelled, Kind: "partners", RecipientID: 1, Email: "ann@example.test", UpdatedAt: now},
		model.Delivery{RunID: 7, Status: model.DeliverySent, Kind: "partners", RecipientID: 1, Email: "ann@example.test", UpdatedAt: now})
	if err := s.DB.Create(&rows).Error; err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(dir)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	want := map[int64]string{1: model.RunRunning, 2: model.RunCancelled, 3: model.RunCancelled, 4: model.RunDone, 5: model.RunRunning}
	for id, status := range want {
		var r model.Run
		s.DB.First(&r, id)
		if r.Status != status {
			t.Errorf("run %d is %s, want %s", id, r.Status, status)
		}
		if status == model.RunCancelled && (r.FinishedAt == nil || !strings.Contains(r.Note, "cancelled on upgrade")) {
			t.Errorf("cancelled run %d says %q, finished %v", id, r.Note, r.FinishedAt)
		}
	}
	var queued, cancelled, sent int64
	s.DB.Model(&model.Delivery{}).Where("status = ?", model.DeliveryQueued).Count(&queued)
	s.DB.Model(&model.Delivery{}).Where("status = ? AND run_id IN (2, 3)", model.DeliveryCancelled).Count(&cancelled)
	s.DB.Model(&model.Delivery{}).Where("status = ? AND run_id IN (1, 2, 3)", model.DeliverySent).Count(&sent)
	if queued != 1 || cancelled != 2 || sent != 3 {
		t.Errorf("after upgrade: %d queued (want run 1's one), %d cancelled in runs 2-3 (want 2), %d sent (want 3, untouched)", queued, cancelled, sent)
	}
	err = s.DB.Create(&model.Run{MessageID: 10, ProfileID: 1, Status: model.RunPaused, CreatedAt: now}).Error
	if err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Errorf("a second unfinished run of message 10 was stored (%v)", err)
	}
	if err := s.DB.Create(&model.Run{MessageID: 10, ProfileID: 1, Status: model.RunDone, CreatedAt: now}).Error; err != nil {
		t.Errorf("a finished run of message 10 was refused: %v", err)
	}
	for id, status := range map[int64]string{10: model.MessageSending, 11: model.MessageSending, 20: model.MessageDraft,
		21: model.MessageDraft, 22: model.MessageReady, 23: model.MessageSent} {
		var m model.Message
		s.DB.First(&m, id)
		if m.Status != status {
			t.Errorf("message %d (%s) is %s after the upgrade, want %s", id, m.Subject, m.Status, status)
		}
	}
	if !s.DB.Migrator().HasColumn("messages", "revision") {
		t.Error("messages has no revision column after the upgrade")
	}
}
