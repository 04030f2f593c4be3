package schedule_test

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"commhub/backend/model"
	"commhub/backend/schedule"
)

// starter wraps the real engine: before does what the user does between the scan reading
// a due schedule and its run starting; inside runs in the run's transaction.
type starter struct {
	real   schedule.Starter
	before func()
	inside func()
}

func (s starter) SendScheduled(ctx context.Context, id int64, record func(tx *gorm.DB, run model.Run) error) (int64, error) {
	if s.before != nil {
		s.before()
	}
	return s.real.SendScheduled(ctx, id, func(tx *gorm.DB, run model.Run) error {
		if err := record(tx, run); err != nil {
			return err
		}
		if s.inside != nil {
			s.inside()
		}
		return nil
	})
}

func (e *env) scheduler(s starter) *schedule.Scheduler {
	s.real = e.svcs.DeliveryEngine()
	return &schedule.Scheduler{DB: e.st.DB, Send: s, Now: e.clock.Now}
}

// Unscheduled or rescheduled after the scan found it due but before its run started:
// the start is rolled back, nothing is sent, and a reschedule fires at its new time.
func TestUnscheduledOrRescheduledWhileDueDoesNotFire(t *testing.T) {
	e := newEnv(t, at("2026-12-01T06:00:00Z"))
	gone, moved := e.message(1), e.message(2)
	e.schedule(gone, schedule.Spec{At: "2026-12-01T09:00", TimeZone: "UTC"})
	e.schedule(moved, schedule.Spec{At: "2026-12-01T09:00", TimeZone: "UTC"})
	e.clock.Set(at("2026-12-01T09:00:01Z"))
	var once sync.Once
	sc := e.scheduler(starter{before: func() {
		once.Do(func() {
			e.must(nil, "Messages.Unschedule", gone)
			e.must(nil, "Messages.Schedule", moved, schedule.Spec{At: "2026-12-01T12:00", TimeZone: "UTC"})
		})
	}})
	f, err := sc.Tick(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range f {
		if x.Status != "" || x.RunID != 0 {
			t.Fatalf("acted on a changed schedule: %s", fired(f))
		}
	}
	if e.sink.Count() != 0 || len(e.runs(gone)) != 0 || len(e.runs(moved)) != 0 || e.occurrences(gone) != "" || e.occurrences(moved) != "" {
		t.Fatalf("something was sent or recorded: %d emails", e.sink.Count())
	}
	if e.status(gone) != model.MessageDraft || e.status(moved) != model.MessageScheduled {
		t.Fatalf("statuses %s and %s, want draft and scheduled", e.status(gone), e.status(moved))
	}
	e.tick("2026-12-01T11:59:59Z")
	e.tick("2026-12-01T12:00:00Z")
	if occ := e.occurrences(moved); occ != "2026-12-01T12:00:00Z started" || e.received("News 2") != 1 {
		t.Fatalf("rescheduled: %q, %d emails", occ, e.received("News 2"))
	}
}

// The database refuses a second record of one fire time.
func TestAFireTimeCanBeRecordedOnce(t *testing.T) {
	e := newEnv(t, at("2026-12-01T06:00:00Z"))
	id := e.message(1)
	occ := model.Occurrence{MessageID: id, FireAt: "2026-12-01T09:00:00Z", Status: model.OccurrenceStarted}
	if err := e.st.DB.Create(&occ).Error; err != nil {
		t.Fatal(err)
	}
	occ.ID = 0
	err := e.st.DB.Create(&occ).Error
	if err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Fatalf("a second record of the same fire time was stored (%v)", err)
	}
}

// After a restart nothing fires again, even if the schedule were found pointing at a
// fire time that already started a run (a restored backup, say): the start is rolled
// back and the schedule moves on.
func TestRestartNeverFiresAnOccurrenceTwice(t *testing.T) {
	e := newEnv(t, at("2026-12-01T06:00:00Z"))
	id := e.message(1, 2)
	e.schedule(id, schedule.Spec{Cron: "0 9 * * *", TimeZone: "UTC"})
	e.tick("2026-12-01T09:00:00Z")
	e.close()
	e.open()
	if f := e.tick("2026-12-01T09:00:30Z"); len(f) != 0 {
		t.Fatalf("after restart: %s", fired(f))
	}
	e.st.DB.Model(&model.Schedule{}).Where("message_id = ?", id).Update("next_at", "2026-12-01T09:00:00Z")
	e.tick("2026-12-01T09:01:00Z")
	if n := e.received("News 1"); n != 2 || len(e.runs(id)) != 1 {
		t.Fatalf("%d emails and %d runs, want 2 and 1", n, len(e.runs(id)))
	}
	var next string
	e.st.DB.Model(&model.Schedule{}).Where("message_id = ?", id).Pluck("next_at", &next)
	if next != "2026-12-02T09:00:00Z" {
		t.Fatalf("the schedule points at %s, want tomorrow", next)
	}
}

// A crash after the scan found an occurrence due and before its run was recorded (the
// process dies inside the run's transaction) leaves nothing behind: the next start fires
// it exactly once.
func TestCrashBetweenDueAndRunCreatedFiresOnceAfterRestart(t *testing.T) {
	e := newEnv(t, at("2026-12-01T06:00:00Z"))
	id := e.message(1, 2)
	e.schedule(id, schedule.Spec{At: "2026-12-01T09:00", TimeZone: "UTC"})
	e.clock.Set(at("2026-12-01T09:00:00Z"))
	sc := e.scheduler(starter{inside: runtime.Goexit}) // the goroutine stops dead, as at kill -9
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc.Tick(context.Background())
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the crashed scan did not end")
	}
	e.close()
	e.open()
	if len(e.runs(id)) != 0 || e.occurrences(id) != "" {
		t.Fatal("the crashed start left a run or an occurrence behind")
	}
	e.tick("2026-12-01T09:00:10Z")
	e.tick("2026-12-01T09:00:20Z")
	if occ := e.occurrences(id); occ != "2026-12-01T09:00:00Z started" || e.received("News 1") != 2 || len(e.runs(id)) != 1 {
		t.Fatalf("after restart: %q, %d emails, %d runs", occ, e.received("News 1"), len(e.runs(id)))
	}
}
