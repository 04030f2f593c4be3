package schedule_test

import (
	"fmt"
	"testing"

	"commhub/backend/model"
	"commhub/backend/schedule"
)

// Closed across a due time, within the grace period: sent once at the next start.
func TestClosedWithinGraceSendsOnceAtStart(t *testing.T) {
	e := newEnv(t, at("2026-12-01T06:00:00Z"))
	id := e.message(1, 2)
	e.schedule(id, schedule.Spec{At: "2026-12-01T09:00", TimeZone: "UTC"})
	e.close()
	e.clock.Set(at("2026-12-01T14:59:00Z")) // 5h59 late, grace 6h
	e.open()
	if f := fired(e.tick("2026-12-01T14:59:00Z")); f != fmt.Sprintf("%d@2026-12-01T09:00:00Z started", id) {
		t.Fatalf("at start: %q", f)
	}
	if f := e.tick("2026-12-01T15:00:00Z"); len(f) != 0 {
		t.Fatalf("again: %s", fired(f))
	}
	if n := e.received("News 1"); n != 2 {
		t.Fatalf("%d emails, want 2", n)
	}
}

// Beyond the grace period: marked missed and listed; the user sends it or skips it.
func TestClosedBeyondGraceIsMissedUntilTheUserDecides(t *testing.T) {
	e := newEnv(t, at("2026-12-01T06:00:00Z"))
	send, skip := e.message(1, 2), e.message(3)
	e.schedule(send, schedule.Spec{At: "2026-12-01T09:00", TimeZone: "UTC"})
	e.schedule(skip, schedule.Spec{At: "2026-12-01T09:00", TimeZone: "UTC"})
	e.close()
	e.clock.Set(at("2026-12-01T15:01:00Z"))
	e.open()
	f := fired(e.tick("2026-12-01T15:01:00Z"))
	if f != fmt.Sprintf("%d@2026-12-01T09:00:00Z missed, %d@2026-12-01T09:00:00Z missed", send, skip) {
		t.Fatalf("at start: %q", f)
	}
	if e.sink.Count() != 0 || len(e.runs(send)) != 0 {
		t.Fatal("a missed send went out without the user's word")
	}
	var list []schedule.Entry
	e.must(&list, "Messages.Scheduled")
	if len(list) != 2 || len(list[0].Missed) != 1 || list[0].Missed[0] != "2026-12-01T09:00:00Z" || list[0].AudienceSize != 2 {
		t.Fatalf("Scheduled: %+v", list)
	}
	if s := e.status(send); s != model.MessageScheduled {
		t.Fatalf("a message with a missed send is %s, want scheduled", s)
	}
	var runID int64
	e.must(&runID, "Messages.ResolveMissed", send, "2026-12-01T09:00:00Z", "send")
	e.wait(runID)
	if err := e.call(nil, "Messages.ResolveMissed", send, "2026-12-01T09:00:00Z", "send"); err == nil || err.Code != "conflict" {
		t.Fatalf("sending the same missed occurrence twice: %v", err)
	}
	e.must(nil, "Messages.ResolveMissed", skip, "2026-12-01T09:00:00Z", "skip")
	if e.received("News 1") != 2 || e.received("News 2") != 0 {
		t.Fatalf("emails: %d and %d, want 2 and 0", e.received("News 1"), e.received("News 2"))
	}
	if e.status(send) != model.MessageSent || e.status(skip) != model.MessageDraft {
		t.Fatalf("statuses %s and %s, want sent and draft", e.status(send), e.status(skip))
	}
	if occ := e.occurrences(skip); occ != "2026-12-01T09:00:00Z skipped" {
		t.Fatalf("skipped message: %s", occ)
	}
	e.must(&list, "Messages.Scheduled")
	if len(list) != 0 {
		t.Fatalf("Scheduled after deciding: %+v", list)
	}
}

// A daily send closed for three days: the one within grace is sent, the older ones are
// missed, and the recurrence goes on.
func TestRecurrenceClosedForDaysSendsTheLatestOnly(t *testing.T) {
	e := newEnv(t, at("2026-12-01T06:00:00Z"))
	id := e.message(1)
	e.schedule(id, schedule.Spec{Cron: "0 9 * * *", TimeZone: "UTC"})
	e.close()
	e.clock.Set(at("2026-12-03T10:00:00Z"))
	e.open()
	e.tick("2026-12-03T10:00:00Z")
	want := "2026-12-01T09:00:00Z missed, 2026-12-02T09:00:00Z missed, 2026-12-03T09:00:00Z started"
	if occ := e.occurrences(id); occ != want {
		t.Fatalf("occurrences\n got %s\nwant %s", occ, want)
	}
	if n := e.received("News 1"); n != 1 {
		t.Fatalf("%d emails, want 1", n)
	}
	e.tick("2026-12-04T09:00:00Z")
	if n := e.received("News 1"); n != 2 {
		t.Fatalf("next day: %d emails, want 2", n)
	}
}

// Several fire times within grace at once (hourly, closed for three hours): only the
// latest is sent; the older ones are recorded as superseded.
func TestSeveralWithinGraceSendOnlyTheLatest(t *testing.T) {
	e := newEnv(t, at("2026-12-01T06:00:00Z"))
	id := e.message(1)
	e.schedule(id, schedule.Spec{Cron: "0 * * * *", TimeZone: "UTC"})
	e.close()
	e.open()
	e.tick("2026-12-01T09:30:00Z")
	want := "2026-12-01T07:00:00Z skipped, 2026-12-01T08:00:00Z skipped, 2026-12-01T09:00:00Z started"
	if occ := e.occurrences(id); occ != want {
		t.Fatalf("occurrences\n got %s\nwant %s", occ, want)
	}
	if n := e.received("News 1"); n != 1 {
		t.Fatalf("%d emails, want 1", n)
	}
}
