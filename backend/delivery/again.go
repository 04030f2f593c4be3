package delivery

import (
	"context"

	"gorm.io/gorm"

	"commhub/backend/fault"
	"commhub/backend/model"
)

// sendMode is which kind of start a caller asked for.
type sendMode int

const (
	// firstSend is the message's one ordinary send.
	firstSend sendMode = iota
	// againAll sends once more to every recipient, including those who got it.
	againAll
	// againMissing sends only to those no earlier run reached.
	againMissing
	// scheduledSend is one occurrence of a schedule: earlier runs do not matter, an
	// unfinished one still does.
	scheduledSend
)

// SendAgain starts another run of a message that was sent before, as an explicit step:
// with onlyMissing, recipients an earlier run delivered to (or may have: rows left
// unknown by a crash) are skipped with a reason in the new run's log.
func (e *Engine) SendAgain(ctx context.Context, messageID int64, onlyMissing bool) (int64, error) {
	mode := againAll
	if onlyMissing {
		mode = againMissing
	}
	return e.begin(ctx, messageID, mode)
}

// claim is the part of a run's start that must happen in the snapshot's transaction: it
// checks the message's earlier runs against the mode, marks the message as being sent
// (through its owner) and returns the addresses the run must skip.
func (e *Engine) claim(tx *gorm.DB, h Header, mode sendMode) (map[string]prior, error) {
	var runs []model.Run
	if err := tx.Select("id", "status").Where("message_id = ?", h.MessageID).Order("id").Find(&runs).Error; err != nil {
		return nil, err
	}
	for _, r := range runs {
		if r.Status == model.RunRunning || r.Status == model.RunPaused {
			return nil, fault.Conflictf("message %d is already being sent (run %d is %s): follow that run in Communications, or cancel it before sending again",
				h.MessageID, r.ID, r.Status)
		}
	}
	switch {
	case mode == scheduledSend:
	case mode == firstSend && len(runs) > 0:
		return nil, fault.Conflictf("message %d was already sent (run %d): sending it again is a separate step, use send again, which says how many already got it",
			h.MessageID, runs[len(runs)-1].ID)
	case mode != firstSend && len(runs) == 0:
		return nil, fault.Conflictf("message %d has not been sent yet: send it first", h.MessageID)
	}
	if e.cfg.Messages != nil {
		if err := e.cfg.Messages.StartSending(tx, h.MessageID, h.Revision); err != nil {
			return nil, err
		}
	}
	if mode != againMissing {
		return nil, nil
	}
	return reached(tx, h.MessageID)
}

// reached maps each lower-case address an earlier run of the message sent to (or may
// have) to that run; a sent row wins over an unknown one.
func reached(db *gorm.DB, messageID int64) (map[string]prior, error) {
	rows, err := db.Raw(`SELECT lower(d.email), d.run_id, d.status FROM deliveries d JOIN send_runs r ON r.id = d.run_id
		WHERE r.message_id = ? AND d.status IN (?, ?) ORDER BY d.id`, messageID, model.DeliverySent, model.DeliveryUnknown).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]prior{}
	for rows.Next() {
		var email string
		var p prior
		if err := rows.Scan(&email, &p.run, &p.status); err != nil {
			return nil, err
		}
		if cur, ok := out[email]; !ok || (cur.status != model.DeliverySent && p.status == model.DeliverySent) {
			out[email] = p
		}
	}
	return out, rows.Err()
}

// AgainPreview is what sending a message again would do, for the confirmation dialog.
type AgainPreview struct {
	// Runs counts the message's earlier runs.
	Runs int `json:"runs"`
	// AlreadySent counts the addresses an earlier run delivered the message to.
	AlreadySent int64 `json:"alreadySent"`
	// Uncertain counts the addresses an earlier run left unknown (in flight when CommHub
	// stopped): "only those who did not get it" skips them too.
	Uncertain int64 `json:"uncertain"`
	// Total is how many recipients the message resolves to now.
	Total int64 `json:"total"`
	// Everyone is how many of them sending to everyone would send to.
	Everyone int64 `json:"everyone"`
	// WouldSend is how many "only those who did not get it" would send to.
	WouldSend int64 `json:"wouldSend"`
}

// SendAgainPreview decides the message's recipients as a new run would, without
// recording anything.
func (e *Engine) SendAgainPreview(ctx context.Context, messageID int64) (AgainPreview, error) {
	var p AgainPreview
	if e.cfg.Open == nil {
		return p, fault.Conflictf("sending is not available in this build: the composer is missing")
	}
	now := e.cfg.Now().UTC()
	src, _, err := e.cfg.Open(ctx, e.fast, messageID, now)
	if err != nil {
		return p, err
	}
	var runs int64
	if err := e.cfg.DB.Model(&model.Run{}).Where("message_id = ?", messageID).Count(&runs).Error; err != nil {
		return p, err
	}
	got, err := reached(e.cfg.DB, messageID)
	if err != nil {
		return p, err
	}
	p.Runs = int(runs)
	for _, g := range got {
		if g.status == model.DeliverySent {
			p.AlreadySent++
		} else {
			p.Uncertain++
		}
	}
	for _, skip := range []map[string]prior{nil, got} {
		s := newSnapshotter(e.cfg.DB, 0, now, skip)
		s.dry = true
		if err := s.list(ctx, src); err != nil {
			return p, err
		}
		p.Total = s.count
		if skip == nil {
			p.Everyone = s.queued
		} else {
			p.WouldSend = s.queued
		}
	}
	return p, nil
}
