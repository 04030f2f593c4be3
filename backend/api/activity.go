package api

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"

	"commhub/backend/compose"
	"commhub/backend/delivery"
	"commhub/backend/events"
	"commhub/backend/model"
	"commhub/backend/schedule"
)

// UnscheduledNotice is the payload of the "message.unscheduled" event: a scheduled
// message was edited, so it went back to draft and must be scheduled again.
type UnscheduledNotice struct {
	MessageID int64  `json:"messageId"`
	Notice    string `json:"notice"`
}

// editCoalesce: saves closer together than this make one "edited" line (the editor
// autosaves while the user types).
const editCoalesce = 15 * time.Minute

// beforeSave unfreezes a scheduled message whose content the save changes. It reports
// whether the save changes anything (a new message always does).
func (s *Messages) beforeSave(draft model.Message) (bool, error) {
	if draft.ID == 0 {
		return true, nil
	}
	db := s.deps.Store.DB
	cur, err := compose.Get(context.Background(), db, draft.ID)
	if err != nil {
		return true, nil // compose.Save reports it
	}
	if sameContent(cur, draft) {
		return false, nil
	}
	if cur.Status != model.MessageScheduled {
		return true, nil
	}
	notice := fmt.Sprintf("%q was scheduled: editing it took it back to draft. Schedule it again when it is ready; it is checked again then.", nameOf(cur))
	var undone bool
	err = db.Transaction(func(tx *gorm.DB) error {
		var err error
		undone, err = schedule.Unschedule(tx, draft.ID, s.deps.Now().UTC(), "edited while scheduled: back to draft")
		return err
	})
	if err == nil && undone {
		s.deps.Events.Emit(events.MessageUnscheduled, UnscheduledNotice{MessageID: draft.ID, Notice: notice})
	}
	return true, err
}

// recordSave adds "created" or "edited" to the history, folding quick successive edits.
func (s *Messages) recordSave(id int64, created bool) {
	db := s.deps.Store.DB
	now := s.deps.Now().UTC()
	if created {
		_ = schedule.Record(db, id, now, "created", "")
		return
	}
	var last model.Activity
	err := db.Where("message_id = ?", id).Order("id DESC").Take(&last).Error
	if err == nil && last.Event == "edited" && now.Sub(last.At) < editCoalesce {
		db.Model(&last).Update("at", now)
		return
	}
	_ = schedule.Record(db, id, now, "edited", "")
}

func nameOf(m model.Message) string {
	if m.Name != "" {
		return m.Name
	}
	if m.Subject != "" {
		return m.Subject
	}
	return fmt.Sprintf("message %d", m.ID)
}

// sameContent compares what a send would use, not the bookkeeping.
func sameContent(a, b model.Message) bool {
	clean := func(m model.Message) string {
		m = compose.Normalize(m)
		m.Status, m.Revision, m.CreatedAt, m.UpdatedAt = "", 0, time.Time{}, time.Time{}
		j, _ := json.Marshal(m)
		return string(j)
	}
	return clean(a) == clean(b)
}

// runActivity tells each run of a message as history lines: started (unless its schedule
// already said so), then finished or cancelled with its counts.
func runActivity(db *gorm.DB, messageID int64) ([]ActivityLine, error) {
	runs, err := delivery.ListRuns(db, messageID, 500)
	if err != nil {
		return nil, err
	}
	occ, err := schedule.Occurrences(db, messageID)
	if err != nil {
		return nil, err
	}
	byScheduler := map[int64]bool{}
	for _, o := range occ {
		if o.RunID != nil {
			byScheduler[*o.RunID] = true
		}
	}
	var out []ActivityLine
	for _, r := range runs {
		if !byScheduler[r.ID] {
			out = append(out, ActivityLine{At: r.CreatedAt, Event: "started", Detail: fmt.Sprintf("sent now: %d recipients (run %d)", r.Resolved, r.ID)})
		}
		if r.FinishedAt == nil {
			if r.Status == model.RunPaused {
				out = append(out, ActivityLine{At: r.CreatedAt, Event: "paused", Detail: fmt.Sprintf("run %d is paused %s", r.ID, r.Note)})
			}
			continue
		}
		t := r.Totals
		event := "finished"
		if r.Status == model.RunCancelled {
			event = "cancelled"
		}
		out = append(out, ActivityLine{At: *r.FinishedAt, Event: event, Detail: fmt.Sprintf("run %d: %d sent, %d failed, %d blocked, %d skipped, %d unknown",
			r.ID, t.Sent, t.Failed, t.Blocked, t.Skipped, t.Unknown)})
	}
	return out, nil
}

// mergeActivity interleaves stored and derived lines by time, stored first on a tie.
func mergeActivity(stored, derived []ActivityLine) []ActivityLine {
	all := append(stored, derived...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].At.Before(all[j].At) })
	return all
}
