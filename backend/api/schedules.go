package api

import (
	"context"
	"time"

	"gorm.io/gorm"

	"commhub/backend/compose"
	"commhub/backend/fault"
	"commhub/backend/model"
	"commhub/backend/schedule"
	appsettings "commhub/backend/settings"
)

// Scheduled is the answer of Messages.Schedule.
type Scheduled struct {
	MessageID int64  `json:"messageId"`
	Status    string `json:"status"`
	// Next are the next five fire times, RFC 3339 UTC.
	Next []string `json:"next"`
}

// ActivityLine is one line of a message's history.
type ActivityLine struct {
	At     time.Time `json:"at"`
	Event  string    `json:"event"`
	Detail string    `json:"detail"`
}

// Schedule sends a message once at a local time or on a recurrence. The message is
// checked as a send would check it first; from then on it is frozen: saving it takes it
// back to draft.
func (s *Messages) Schedule(messageID int64, spec schedule.Spec) (Scheduled, error) {
	ctx := context.Background()
	db := s.deps.Store.DB
	st, err := appsettings.Load(db)
	if err != nil {
		return Scheduled{}, err
	}
	plan, err := schedule.Parse(spec, st.Location())
	if err != nil {
		return Scheduled{}, err
	}
	c, err := compose.Compile(ctx, db, messageID, s.deps.Now())
	if err != nil {
		return Scheduled{}, err
	}
	var profileID int64
	if p := c.Message().SMTPProfileID; p != nil {
		profileID = *p
	}
	if _, err := s.kit.profiles.Account(profileID); err != nil {
		return Scheduled{}, err
	}
	next, err := schedule.Set(db, messageID, plan, s.deps.Now().UTC())
	if err != nil {
		return Scheduled{}, err
	}
	out := Scheduled{MessageID: messageID, Status: model.MessageScheduled, Next: make([]string, len(next))}
	for i, t := range next {
		out.Next[i] = t.Format(time.RFC3339)
	}
	return out, nil
}

// PreviewSchedule checks a schedule without storing anything and returns its next five
// fire times (RFC 3339, UTC), for the schedule dialog to show as the user edits it.
func (s *Messages) PreviewSchedule(spec schedule.Spec) ([]string, error) {
	st, err := appsettings.Load(s.deps.Store.DB)
	if err != nil {
		return nil, err
	}
	plan, err := schedule.Parse(spec, st.Location())
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, t := range plan.Upcoming(s.deps.Now().UTC(), 0, 5) {
		out = append(out, t.Format(time.RFC3339))
	}
	return out, nil
}

// Unschedule takes a scheduled message back to draft; fire times left missed are skipped.
func (s *Messages) Unschedule(messageID int64) error {
	var found bool
	err := s.deps.Store.DB.Transaction(func(tx *gorm.DB) error {
		var err error
		found, err = schedule.Unschedule(tx, messageID, s.deps.Now(), "back to draft on request")
		return err
	})
	if err != nil {
		return err
	}
	if !found {
		if _, err := compose.Get(context.Background(), s.deps.Store.DB, messageID); err != nil {
			return err
		}
		return fault.Conflictf("message %d is not scheduled", messageID)
	}
	return nil
}

// Scheduled lists the messages waiting on a schedule, those with missed fire times first,
// then soonest first, each with its audience's size now.
func (s *Messages) Scheduled() ([]schedule.Entry, error) {
	list, err := schedule.List(s.deps.Store.DB, s.deps.Now().UTC())
	if err != nil {
		return nil, err
	}
	for i := range list {
		if c, err := s.compile(list[i].MessageID); err == nil {
			if el, err := c.Summarize(context.Background(), 0); err == nil {
				list[i].AudienceSize = int64(el.Total)
			}
		}
	}
	return list, nil
}

// ResolveMissed settles a fire time missed while CommHub was closed: action "send" starts
// its run now and returns the run's id, "skip" records it as skipped.
func (s *Messages) ResolveMissed(messageID int64, fireAt, action string) (int64, error) {
	if s.sched == nil {
		return 0, fault.Conflictf("the scheduler is not running in this process")
	}
	return s.sched.ResolveMissed(context.Background(), messageID, fireAt, action)
}

// Activity is a message's history, oldest first: what happened to it and to its runs.
func (s *Messages) Activity(messageID int64) ([]ActivityLine, error) {
	ctx := context.Background()
	if _, err := compose.Get(ctx, s.deps.Store.DB, messageID); err != nil {
		return nil, err
	}
	rows, err := schedule.Activity(s.deps.Store.DB, messageID)
	if err != nil {
		return nil, err
	}
	lines := make([]ActivityLine, 0, len(rows))
	for _, r := range rows {
		lines = append(lines, ActivityLine{At: r.At, Event: r.Event, Detail: r.Detail})
	}
	runs, err := runActivity(s.deps.Store.DB, messageID)
	if err != nil {
		return nil, err
	}
	return mergeActivity(lines, runs), nil
}
