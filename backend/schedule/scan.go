package schedule

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"gorm.io/gorm"

	"commhub/backend/compose"
	"commhub/backend/events"
	"commhub/backend/model"
	"commhub/backend/settings"
)

// Starter starts a run of a message for one occurrence; record runs inside the run's
// transaction and an error from it undoes the start (delivery.Engine.SendScheduled).
type Starter interface {
	SendScheduled(ctx context.Context, messageID int64, record func(tx *gorm.DB, run model.Run) error) (int64, error)
}

// Scheduler fires due occurrences. Its clock is injected: tests move it by hand.
type Scheduler struct {
	DB     *gorm.DB
	Send   Starter
	Now    func() time.Time
	Events events.Sink
	Log    *log.Logger
	// Every is how often Run scans (default ScanEvery).
	Every time.Duration

	mu sync.Mutex // one scan at a time
}

// ScanEvery is the scan interval while CommHub runs: a send is at most this late.
const ScanEvery = 10 * time.Second

// maxCatchUp bounds how many passed fire times of one schedule a scan records.
const maxCatchUp = 500

var (
	// errStale: the schedule changed (rescheduled, unscheduled) since the scan read it.
	errStale = errors.New("the schedule changed while its occurrence was starting")
	// errEmpty: the audience resolved to nobody.
	errEmpty = errors.New("the audience is empty")
	// errDone: the fire time was already acted on.
	errDone = errors.New("the occurrence was already recorded")
)

// Run scans at start (what fell due while CommHub was closed), then every Every with
// robfig/cron until ctx ends (a host worker).
func (s *Scheduler) Run(ctx context.Context) error {
	s.scan(ctx)
	every := s.Every
	if every <= 0 {
		every = ScanEvery
	}
	c := cron.New(cron.WithLocation(time.UTC), cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	c.Schedule(cron.Every(every), cron.FuncJob(func() { s.scan(ctx) }))
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

func (s *Scheduler) scan(ctx context.Context) {
	if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
		s.logf("schedule: scan: %v", err)
	}
}

// Fired is one occurrence a scan acted on, for logs and tests.
type Fired struct {
	MessageID int64     `json:"messageId"`
	FireAt    time.Time `json:"fireAt"`
	Status    string    `json:"status"`
	RunID     int64     `json:"runId,omitempty"`
	Detail    string    `json:"detail,omitempty"`
}

// Tick acts on every occurrence due at the clock's now: it starts a run for the latest
// due fire time of each schedule within the grace period, marks older ones missed (or
// skipped when a later one in the grace period supersedes them), and moves each schedule
// to its next fire time.
func (s *Scheduler) Tick(ctx context.Context) ([]Fired, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.Now().UTC()
	st, err := settings.Load(s.DB)
	if err != nil {
		return nil, err
	}
	grace := time.Duration(st.MissedRunGraceMinutes) * time.Minute
	var due []model.Schedule
	if err := s.DB.Where("state = ? AND next_at <= ?", model.ScheduleActive, FormatUTC(now)).
		Order("next_at, message_id").Find(&due).Error; err != nil {
		return nil, fmt.Errorf("read due schedules: %w", err)
	}
	var out []Fired
	for _, row := range due {
		if ctx.Err() != nil {
			break
		}
		out = append(out, s.handle(ctx, row, now, grace)...)
	}
	return out, nil
}

// handle acts on one due schedule.
func (s *Scheduler) handle(ctx context.Context, row model.Schedule, now time.Time, grace time.Duration) []Fired {
	p, err := Parse(specOf(row), nil)
	first, perr := ParseUTC(row.NextAt)
	if err == nil {
		err = perr
	}
	if err != nil {
		// A stored schedule this build cannot read: stop it rather than scan it forever.
		f := Fired{MessageID: row.MessageID, FireAt: first, Status: model.OccurrenceFailed, Detail: "the schedule cannot be read: " + err.Error()}
		s.settle(row, p, f, true)
		return []Fired{f}
	}
	times := []time.Time{first}
	for len(times) < maxCatchUp {
		t, ok := p.Next(times[len(times)-1], row.Fired+len(times))
		if !ok || t.After(now) {
			break
		}
		times = append(times, t)
	}
	var out []Fired
	last := times[len(times)-1]
	for _, t := range times[:len(times)-1] {
		f := Fired{MessageID: row.MessageID, FireAt: t, Status: model.OccurrenceMissed,
			Detail: "CommHub was closed at " + LocalTime(t, p.Loc) + ": send it now or skip it"}
		if now.Sub(t) <= grace {
			f.Status, f.Detail = model.OccurrenceSkipped, "superseded by the later occurrence at "+LocalTime(last, p.Loc)+", sent instead"
		}
		if !s.settle(row, p, f, false) {
			return out
		}
		row.Fired++
		row.NextAt = FormatUTC(p.nextOrZero(t, row.Fired))
		out = append(out, f)
	}
	if now.Sub(last) > grace {
		f := Fired{MessageID: row.MessageID, FireAt: last, Status: model.OccurrenceMissed,
			Detail: "CommHub was closed at " + LocalTime(last, p.Loc) + ", longer ago than the grace period: send it now or skip it"}
		if s.settle(row, p, f, false) {
			out = append(out, f)
			s.emit(events.ScheduleMissed, f)
		}
		return out
	}
	return append(out, s.fire(ctx, row, p, last))
}

// fire starts the run of one occurrence; the occurrence row, the schedule's move to its
// next fire time and the activity line are written in the run's own transaction.
func (s *Scheduler) fire(ctx context.Context, row model.Schedule, p Plan, t time.Time) Fired {
	f := Fired{MessageID: row.MessageID, FireAt: t, Status: model.OccurrenceStarted}
	now := s.Now().UTC()
	runID, err := s.Send.SendScheduled(ctx, row.MessageID, func(tx *gorm.DB, run model.Run) error {
		if run.Resolved == 0 {
			return errEmpty
		}
		if err := advance(tx, row, p, t, now); err != nil {
			return err
		}
		if err := occur(tx, row.MessageID, t, model.OccurrenceStarted, &run.ID, "", now); err != nil {
			return err
		}
		return Record(tx, row.MessageID, now, "started", fmt.Sprintf("occurrence of %s: %d recipients (run %d)", LocalTime(t, p.Loc), run.Resolved, run.ID))
	})
	switch {
	case err == nil:
		f.RunID = runID
		s.emit(events.ScheduleStarted, f)
		return f
	case errors.Is(err, errStale):
		f.Status, f.Detail = "", err.Error()
		return f
	case ctx.Err() != nil:
		// Shutting down: the fire time stays due for the next start.
		f.Status, f.Detail = "", err.Error()
		return f
	case errors.Is(err, errDone):
		// Recorded before yet still due: move the schedule on without acting again.
		f.Status, f.Detail = "", err.Error()
	case errors.Is(err, errEmpty):
		f.Status, f.Detail = model.OccurrenceEmpty, "the audience was empty at "+LocalTime(t, p.Loc)+": nothing was sent"
	default:
		f.Status, f.Detail = model.OccurrenceFailed, "could not start: "+err.Error()
	}
	s.settle(row, p, f, false)
	return f
}

// settle records an occurrence that started no run and moves the schedule on; stop ends
// the schedule. It reports false when the schedule changed meanwhile.
func (s *Scheduler) settle(row model.Schedule, p Plan, f Fired, stop bool) bool {
	now := s.Now().UTC()
	err := s.DB.Transaction(func(tx *gorm.DB) error {
		if stop {
			p = Plan{}
		}
		if err := advance(tx, row, p, f.FireAt, now); err != nil {
			return err
		}
		if f.Status == "" {
			return nil
		}
		if err := occur(tx, row.MessageID, f.FireAt, f.Status, nil, f.Detail, now); errors.Is(err, errDone) {
			return nil
		} else if err != nil {
			return err
		}
		if err := Record(tx, row.MessageID, now, f.Status, f.Detail); err != nil {
			return err
		}
		return settleMessage(tx, row.MessageID)
	})
	switch {
	case err == nil:
		return true
	case errors.Is(err, errStale), errors.Is(err, errDone):
		return false
	}
	s.logf("schedule: message %d: record occurrence %s as %s: %v", row.MessageID, FormatUTC(f.FireAt), f.Status, err)
	return false
}

// advance moves a schedule past fire time t, provided it is still the version the scan
// read and t is still its next fire time; a schedule with none left is done, and its
// message leaves the scheduled state unless a missed fire time waits for the user.
func advance(tx *gorm.DB, row model.Schedule, p Plan, t, now time.Time) error {
	upd := map[string]any{"fired": gorm.Expr("fired + 1"), "updated_at": now}
	next := p.nextOrZero(t, row.Fired+1)
	if next.IsZero() {
		upd["state"], upd["next_at"] = model.ScheduleDone, ""
	} else {
		upd["next_at"] = FormatUTC(next)
	}
	res := tx.Model(&model.Schedule{}).Where("message_id = ? AND version = ? AND state = ? AND next_at = ?",
		row.MessageID, row.Version, model.ScheduleActive, FormatUTC(t)).Updates(upd)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return errStale
	}
	return nil
}

// occur records what became of a fire time. The unique (message, fire time) pair makes a
// second record of the same fire time fail, and with it the transaction around it.
func occur(tx *gorm.DB, messageID int64, t time.Time, status string, runID *int64, detail string, now time.Time) error {
	err := tx.Create(&model.Occurrence{MessageID: messageID, FireAt: FormatUTC(t), Status: status, RunID: runID,
		Detail: detail, CreatedAt: now, UpdatedAt: now}).Error
	if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return errDone
	}
	return err
}

// nextOrZero is Next without the flag; the zero plan (a stopped schedule) has none.
func (p Plan) nextOrZero(after time.Time, fired int) time.Time {
	if p.rec == nil && p.once.IsZero() {
		return time.Time{}
	}
	t, _ := p.Next(after, fired)
	return t
}

// settleMessage leaves the scheduled state for a message whose schedule ended with no missed
// fire time waiting: sent when some run of it started, otherwise back to draft.
func settleMessage(tx *gorm.DB, messageID int64) error {
	pending, err := Pending(tx, messageID)
	if err != nil || pending {
		return err
	}
	var runs int64
	if err := tx.Model(&model.Run{}).Where("message_id = ?", messageID).Count(&runs).Error; err != nil {
		return err
	}
	if runs > 0 {
		var status string
		tx.Model(&model.Message{}).Where("id = ?", messageID).Pluck("status", &status)
		if status == model.MessageScheduled {
			return compose.SetStatus(tx, messageID, model.MessageSent)
		}
		return nil
	}
	_, err = compose.Unfreeze(tx, messageID)
	return err
}

func (s *Scheduler) emit(name events.Name, f Fired) {
	if s.Events != nil {
		s.Events.Emit(name, f)
	}
}

func (s *Scheduler) logf(format string, args ...any) {
	if s.Log != nil {
		s.Log.Printf(format, args...)
	} else {
		log.Printf(format, args...)
	}
}
