package delivery

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"commhub/backend/model"
)

// snapshotBatch is how many rows go into one INSERT; the whole snapshot is still one
// transaction.
const snapshotBatch = 500

// snapshot creates the run and one Delivery row per recipient, in one transaction:
// either the whole audience is recorded or nothing is. Suppressed and duplicate
// addresses are skipped here so that the log says why they got nothing.
func snapshot(ctx context.Context, db *gorm.DB, src Source, h Header, profileID int64, now time.Time) (model.Run, error) {
	run := model.Run{MessageID: h.MessageID, ProfileID: profileID, Subject: h.Subject, Status: model.RunRunning, CreatedAt: now}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&run).Error; err != nil {
			return err
		}
		s := &snapshotter{tx: tx, run: run.ID, now: now, seen: map[string]int64{}}
		if err := src.Recipients(ctx, s.add); err != nil {
			return fmt.Errorf("list the recipients of message %d: %w", h.MessageID, err)
		}
		if err := s.flush(); err != nil {
			return err
		}
		run.Resolved = s.count
		return tx.Model(&run).Update("resolved", s.count).Error
	})
	return run, err
}

type snapshotter struct {
	tx    *gorm.DB
	run   int64
	now   time.Time
	seen  map[string]int64 // lower-case address -> recipient id that has it
	batch []model.Delivery
	count int64
}

func (s *snapshotter) add(r Recipient) error {
	s.count++
	d := model.Delivery{RunID: s.run, Kind: r.Kind, RecipientID: r.ID, Name: r.Name,
		Email: strings.TrimSpace(r.Email), UpdatedAt: s.now}
	key := strings.ToLower(d.Email)
	switch {
	case r.Status == DecisionBlocked:
		d.Status, d.Reason = model.DeliveryBlocked, r.Reason
	case r.Status == DecisionSkipped:
		d.Status, d.Reason = model.DeliverySkipped, r.Reason
	case key == "" || !strings.Contains(key, "@"):
		d.Status, d.Reason = model.DeliverySkipped, "no valid email address"
	case s.seen[key] != 0:
		d.Status, d.Reason = model.DeliverySkipped, fmt.Sprintf("duplicate address: already in this run for %s %d", r.Kind, s.seen[key])
	default:
		d.Status = model.DeliveryQueued
		s.seen[key] = r.ID
	}
	s.batch = append(s.batch, d)
	if len(s.batch) >= snapshotBatch {
		return s.flush()
	}
	return nil
}

// flush applies the suppression list to the batch with one query, then inserts it.
func (s *snapshotter) flush() error {
	if len(s.batch) == 0 {
		return nil
	}
	emails := make([]string, 0, len(s.batch))
	for _, d := range s.batch {
		if d.Status == model.DeliveryQueued {
			emails = append(emails, strings.ToLower(d.Email))
		}
	}
	var sup []model.Suppression
	if len(emails) > 0 {
		if err := s.tx.Where("email IN ?", emails).Find(&sup).Error; err != nil {
			return err
		}
	}
	reasons := make(map[string]string, len(sup))
	for _, x := range sup {
		reasons[x.Email] = x.Reason
	}
	for i := range s.batch {
		d := &s.batch[i]
		if why, ok := reasons[strings.ToLower(d.Email)]; ok && d.Status == model.DeliveryQueued {
			d.Status, d.Reason = model.DeliverySkipped, "suppressed: "+why
		}
	}
	err := insertDeliveries(s.tx, s.batch)
	s.batch = s.batch[:0]
	return err
}

// insertRows keeps a statement at 512 parameters: the driver binds parameters in time
// that grows with the square of their number.
const insertRows = 64

// insertDeliveries writes rows with one multi-row INSERT: the snapshot of a large
// audience spends its time here, and the ORM's per-row reflection would double it.
func insertDeliveries(tx *gorm.DB, rows []model.Delivery) error {
	for len(rows) > insertRows {
		if err := insertDeliveries(tx, rows[:insertRows]); err != nil {
			return err
		}
		rows = rows[insertRows:]
	}
	var b strings.Builder
	b.WriteString("INSERT INTO deliveries (run_id, status, kind, recipient_id, name, email, reason, attempts, tries, message_id_header, updated_at) VALUES ")
	args := make([]any, 0, len(rows)*9)
	for i, d := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,0,0,'',?)")
		args = append(args, d.RunID, d.Status, d.Kind, d.RecipientID, d.Name, d.Email, d.Reason, d.UpdatedAt)
	}
	return tx.Exec(b.String(), args...).Error
}
