package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"commhub/backend/compose"
	"commhub/backend/fault"
	"commhub/backend/model"
)

// Set stores the schedule of a message (replacing any it had) and freezes the message,
// in one transaction. It returns the next five fire times. A one-off time that has passed,
// or a recurrence with no fire time left, is refused.
func Set(db *gorm.DB, messageID int64, p Plan, now time.Time) ([]time.Time, error) {
	next := p.Upcoming(now, 0, 5)
	if len(next) == 0 {
		if !p.Recurring() {
			return nil, fault.Invalidf("schedule: %s in %s is in the past (it is now %s there): choose a later time",
				p.Spec.At, p.Loc, now.In(p.Loc).Format("2006-01-02 15:04"))
		}
		return nil, fault.Invalidf("schedule: cron %q has no fire time left before %s: choose a later end date", p.Spec.Cron, p.Spec.Until)
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := compose.MarkScheduled(tx, messageID); err != nil {
			return err
		}
		var cur model.Schedule
		err := tx.Take(&cur, messageID).Error
		existed := err == nil
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		row := model.Schedule{MessageID: messageID, At: p.Spec.At, Cron: p.Spec.Cron, TimeZone: p.Loc.String(),
			Until: p.Spec.Until, Count: p.Spec.Count, State: model.ScheduleActive, NextAt: FormatUTC(next[0]),
			Version: cur.Version + 1, CreatedAt: now, UpdatedAt: now}
		if err := tx.Save(&row).Error; err != nil {
			return err
		}
		event := "scheduled"
		if existed && cur.State == model.ScheduleActive {
			event = "rescheduled"
		}
		return Record(tx, messageID, now, event, Describe(p)+"; next "+LocalTime(next[0], p.Loc))
	})
	if err != nil {
		return nil, err
	}
	return next, nil
}

// Unschedule removes a message's schedule and takes it back to draft. Fire times left
// missed are skipped. why goes into the activity history. It reports whether there was
// anything to remove.
func Unschedule(tx *gorm.DB, messageID int64, now time.Time, why string) (bool, error) {
	res := tx.Where("message_id = ?", messageID).Delete(&model.Schedule{})
	if res.Error != nil {
		return false, res.Error
	}
	missed := tx.Model(&model.Occurrence{}).Where("message_id = ? AND status = ?", messageID, model.OccurrenceMissed).
		Updates(map[string]any{"status": model.OccurrenceSkipped, "detail": "skipped: the message was unscheduled", "updated_at": now})
	if missed.Error != nil {
		return false, missed.Error
	}
	thawed, err := compose.Unfreeze(tx, messageID)
	if err != nil {
		return false, err
	}
	if res.RowsAffected == 0 && missed.RowsAffected == 0 && !thawed {
		return false, nil
	}
	return true, Record(tx, messageID, now, "unscheduled", why)
}

// Record adds a line to a message's activity history.
func Record(tx *gorm.DB, messageID int64, at time.Time, event, detail string) error {
	return tx.Create(&model.Activity{MessageID: messageID, At: at.UTC(), Event: event, Detail: detail}).Error
}

// Pending says whether a message still waits on its schedule: fire times left, or
// missed ones the user has not decided on.
func Pending(db *gorm.DB, messageID int64) (bool, error) {
	var n int64
	err := db.Raw(`SELECT EXISTS (SELECT 1 FROM message_schedules WHERE message_id = ? AND state = ?)
		OR EXISTS (SELECT 1 FROM schedule_occurrences WHERE message_id = ? AND status = ?)`,
		messageID, model.ScheduleActive, messageID, model.OccurrenceMissed).Scan(&n).Error
	return n == 1, err
}

// Entry is one scheduled message as the Scheduled list shows it.
type Entry struct {
	MessageID int64  `json:"messageId"`
	Name      string `json:"name"`
	Subject   string `json:"subject"`
	Schedule  Spec   `json:"schedule"`
	// Next are the next five fire times, RFC 3339 UTC.
	Next []string `json:"next"`
	// Missed are fire times that passed while CommHub was closed for longer than the
	// grace period: each waits for send now or skip.
	Missed []string `json:"missed"`
	// AudienceSize is how many recipients the message resolves to now.
	AudienceSize int64 `json:"audienceSize"`
}

// List returns every message that waits on its schedule, soonest first, those with
// missed fire times at the top.
func List(db *gorm.DB, now time.Time) ([]Entry, error) {
	var rows []struct {
		model.Schedule
		Name, Subject string
	}
	err := db.Raw(`SELECT s.*, m.name, m.subject FROM message_schedules s JOIN messages m ON m.id = s.message_id
		WHERE s.state = ? ORDER BY s.next_at, s.message_id`, model.ScheduleActive).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list scheduled messages: %w", err)
	}
	missed, err := missedByMessage(db)
	if err != nil {
		return nil, err
	}
	out := []Entry{}
	seen := map[int64]bool{}
	for _, r := range rows {
		e := Entry{MessageID: r.MessageID, Name: r.Name, Subject: r.Subject, Schedule: specOf(r.Schedule), Next: []string{}, Missed: []string{}}
		if m := missed[r.MessageID]; m != nil {
			e.Missed = m
		}
		if p, err := Parse(e.Schedule, nil); err == nil {
			from := now
			if t, err := ParseUTC(r.NextAt); err == nil && t.Before(now) {
				from = t.Add(-time.Second) // due now: show it first
			}
			for _, t := range p.Upcoming(from, r.Fired, 5) {
				e.Next = append(e.Next, t.Format(time.RFC3339))
			}
		}
		seen[r.MessageID] = true
		out = append(out, e)
	}
	var first []Entry
	for id, ts := range missed {
		if seen[id] {
			continue
		}
		var m model.Message
		if err := db.Select("id", "name", "subject").Take(&m, id).Error; err != nil {
			continue
		}
		var s model.Schedule
		db.Take(&s, id)
		first = append(first, Entry{MessageID: id, Name: m.Name, Subject: m.Subject, Schedule: specOf(s), Next: []string{}, Missed: ts})
	}
	for i := range out {
		if len(out[i].Missed) > 0 {
			first = append(first, out[i])
		}
	}
	for _, e := range out {
		if len(e.Missed) == 0 {
			first = append(first, e)
		}
	}
	if first == nil {
		first = []Entry{}
	}
	return first, nil
}

func missedByMessage(db *gorm.DB) (map[int64][]string, error) {
	var occ []model.Occurrence
	if err := db.Where("status = ?", model.OccurrenceMissed).Order("fire_at").Find(&occ).Error; err != nil {
		return nil, err
	}
	out := map[int64][]string{}
	for _, o := range occ {
		out[o.MessageID] = append(out[o.MessageID], o.FireAt)
	}
	return out, nil
}

func specOf(s model.Schedule) Spec {
	return Spec{At: s.At, Cron: s.Cron, TimeZone: s.TimeZone, Until: s.Until, Count: s.Count}
}

// Activity returns a message's stored history, oldest first.
func Activity(db *gorm.DB, messageID int64) ([]model.Activity, error) {
	out := []model.Activity{}
	err := db.Where("message_id = ?", messageID).Order("at, id").Find(&out).Error
	return out, err
}

// Occurrences returns what became of each fire time of a message, oldest first.
func Occurrences(db *gorm.DB, messageID int64) ([]model.Occurrence, error) {
	var out []model.Occurrence
	err := db.Where("message_id = ?", messageID).Order("fire_at").Find(&out).Error
	return out, err
}

// Describe says a plan in words for the activity history.
func Describe(p Plan) string {
	if !p.Recurring() {
		return fmt.Sprintf("once at %s (%s)", strings.Replace(p.Spec.At, "T", " ", 1), p.Loc)
	}
	d := fmt.Sprintf("cron %q in %s", p.Spec.Cron, p.Loc)
	if p.Spec.Until != "" {
		d += ", until " + p.Spec.Until
	}
	if p.Spec.Count > 0 {
		d += fmt.Sprintf(", %d times", p.Spec.Count)
	}
	return d
}

// LocalTime shows an instant on the wall clock of loc, with the zone's abbreviation.
func LocalTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04 MST")
}
