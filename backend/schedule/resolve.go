package schedule

import (
	"context"
	"errors"
	"strconv"
	"time"

	"gorm.io/gorm"

	"commhub/backend/delivery"
	"commhub/backend/fault"
	"commhub/backend/model"
)

// Messages is the composer's side of a send (delivery.Messages) for messages that may be
// scheduled: when a run of a message that still waits on its schedule ends, the message
// goes back to scheduled rather than sent or ready.
type Messages struct {
	delivery.ComposeMessages
}

// SetStatus implements delivery.Messages.
func (m Messages) SetStatus(db *gorm.DB, messageID int64, status string) error {
	if status == model.MessageSent || status == model.MessageReady {
		pending, err := Pending(db, messageID)
		if err != nil {
			return err
		}
		if pending {
			status = model.MessageScheduled
		}
	}
	return m.ComposeMessages.SetStatus(db, messageID, status)
}

// Missed actions the user can take on a fire time that passed while CommHub was closed.
const (
	MissedSend = "send"
	MissedSkip = "skip"
)

// ResolveMissed sends a missed fire time now (its own run, with the audience and the
// offer rule decided now) or skips it. It returns the run's id when one started.
func (s *Scheduler) ResolveMissed(ctx context.Context, messageID int64, fireAt, action string) (int64, error) {
	t, err := time.Parse(time.RFC3339, fireAt)
	if err != nil {
		return 0, fault.Invalidf("missed occurrence: %q is not an RFC 3339 time such as 2026-12-05T08:00:00Z", fireAt)
	}
	key := FormatUTC(t)
	var occ model.Occurrence
	if err := s.DB.Where("message_id = ? AND fire_at = ?", messageID, key).Take(&occ).Error; err != nil {
		return 0, fault.NotFoundf("message %d has no occurrence at %s: reload the Scheduled list", messageID, key)
	}
	if occ.Status != model.OccurrenceMissed {
		return 0, fault.Conflictf("the occurrence of message %d at %s is already %s", messageID, key, occ.Status)
	}
	now := s.Now().UTC()
	switch action {
	case MissedSkip:
		err := s.DB.Transaction(func(tx *gorm.DB) error {
			if err := claimMissed(tx, occ, model.OccurrenceSkipped, nil, "skipped on the user's word", now); err != nil {
				return err
			}
			if err := Record(tx, messageID, now, "skipped", "missed occurrence of "+key+" skipped"); err != nil {
				return err
			}
			return settleMessage(tx, messageID)
		})
		return 0, err
	case MissedSend:
	default:
		return 0, fault.Invalidf("missed occurrence: action %q is not %q or %q", action, MissedSend, MissedSkip)
	}
	runID, err := s.Send.SendScheduled(ctx, messageID, func(tx *gorm.DB, run model.Run) error {
		if run.Resolved == 0 {
			return errEmpty
		}
		if err := claimMissed(tx, occ, model.OccurrenceStarted, &run.ID, "sent late on the user's word", now); err != nil {
			return err
		}
		return Record(tx, messageID, now, "started", "missed occurrence of "+key+" sent late (run "+strconv.FormatInt(run.ID, 10)+")")
	})
	if errors.Is(err, errEmpty) {
		return 0, fault.Conflictf("message %d: its audience is empty now, so nothing would be sent: skip this occurrence instead", messageID)
	}
	return runID, err
}

// claimMissed moves a missed occurrence on, provided nobody did first.
func claimMissed(tx *gorm.DB, occ model.Occurrence, status string, runID *int64, detail string, now time.Time) error {
	res := tx.Model(&model.Occurrence{}).Where("id = ? AND status = ?", occ.ID, model.OccurrenceMissed).
		Updates(map[string]any{"status": status, "run_id": runID, "detail": detail, "updated_at": now})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return fault.Conflictf("the occurrence of message %d at %s was settled meanwhile: reload the Scheduled list", occ.MessageID, occ.FireAt)
	}
	return nil
}
