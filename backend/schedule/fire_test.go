package schedule_test

import (
	"fmt"
	"strings"
	"testing"

	"commhub/backend/model"
	"commhub/backend/schedule"
)

// A one-off send fires at its time, not a second before, and only once.
func TestOneOffFiresExactlyAtItsTime(t *testing.T) {
	e := newEnv(t, at("2026-12-01T10:00:00Z"))
	id := e.message(1, 2, 3)
	got := e.schedule(id, schedule.Spec{At: "2026-12-05T09:00:00"}) // Berlin, from Settings
	if got.Status != "scheduled" || len(got.Next) != 1 || got.Next[0] != "2026-12-05T08:00:00Z" {
		t.Fatalf("schedule answered %+v, want scheduled with next [2026-12-05T08:00:00Z]", got)
	}
	if e.status(id) != model.MessageScheduled {
		t.Fatalf("message is %s after scheduling", e.status(id))
	}
	if f := e.tick("2026-12-05T07:59:59Z"); len(f) != 0 {
		t.Fatalf("fired a second early: %s", fired(f))
	}
	if f := fired(e.tick("2026-12-05T08:00:00Z")); f != "1@2026-12-05T08:00:00Z started" {
		t.Fatalf("at the due time: %q", f)
	}
	if f := e.tick("2026-12-05T08:00:10Z"); len(f) != 0 {
		t.Fatalf("fired again on the next scan: %s", fired(f))
	}
	if n := e.received("News 1"); n != 3 {
		t.Fatalf("the server got %d emails, want 3", n)
	}
	if runs := e.runs(id); len(runs) != 1 || runs[0].Totals.Sent != 3 {
		t.Fatalf("runs: %+v", runs)
	}
	if e.status(id) != model.MessageSent {
		t.Fatalf("message is %s after its one-off send, want sent", e.status(id))
	}
	var list []schedule.Entry
	e.must(&list, "Messages.Scheduled")
	if len(list) != 0 {
		t.Fatalf("Scheduled still lists %+v", list)
	}
}

// A weekly recurrence starts one run per occurrence in its own zone, and stops at count.
func TestRecurrenceStartsARunPerOccurrenceAndStopsAtCount(t *testing.T) {
	e := newEnv(t, at("2026-12-01T10:00:00Z"))
	id := e.message(1, 2)
	got := e.schedule(id, schedule.Spec{Cron: "0 9 * * MON", TimeZone: "America/New_York", Count: 2})
	if len(got.Next) != 2 || got.Next[0] != "2026-12-07T14:00:00Z" || got.Next[1] != "2026-12-14T14:00:00Z" {
		t.Fatalf("next: %v", got.Next)
	}
	if f := e.tick("2026-12-07T13:59:00Z"); len(f) != 0 {
		t.Fatalf("early: %s", fired(f))
	}
	e.tick("2026-12-07T14:00:05Z")
	if s := e.status(id); s != model.MessageScheduled {
		t.Fatalf("between occurrences the message is %s, want scheduled", s)
	}
	e.tick("2026-12-14T14:00:00Z")
	e.tick("2026-12-21T14:00:00Z") // count reached: nothing
	if occ := e.occurrences(id); occ != "2026-12-07T14:00:00Z started, 2026-12-14T14:00:00Z started" {
		t.Fatalf("occurrences: %s", occ)
	}
	if runs := e.runs(id); len(runs) != 2 {
		t.Fatalf("%d runs, want one per occurrence", len(runs))
	}
	if n := e.received("News 1"); n != 4 {
		t.Fatalf("the server got %d emails, want 2 per occurrence", n)
	}
	if s := e.status(id); s != model.MessageSent {
		t.Fatalf("after the last occurrence the message is %s, want sent", s)
	}
}

// A daily 02:30 in Berlin fires once on the day clocks skip 02:30 and once on the day
// 02:30 happens twice.
func TestDailyRunAcrossDaylightSavingChangesFiresOncePerDay(t *testing.T) {
	for _, c := range []struct {
		name, start string
		scans       []string
		want        string
	}{
		{"spring forward", "2026-03-28T12:00:00Z",
			[]string{"2026-03-29T00:30:00Z", "2026-03-29T01:29:00Z", "2026-03-29T01:30:00Z", "2026-03-29T02:30:00Z", "2026-03-29T12:00:00Z"},
			"2026-03-29T01:30:00Z started"},
		{"fall back", "2026-10-24T12:00:00Z",
			[]string{"2026-10-25T00:29:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:30:00Z", "2026-10-25T12:00:00Z"},
			"2026-10-25T00:30:00Z started"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, at(c.start))
			id := e.message(1)
			e.schedule(id, schedule.Spec{Cron: "30 2 * * *", TimeZone: "Europe/Berlin"})
			for _, s := range c.scans {
				e.tick(s)
			}
			if occ := e.occurrences(id); occ != c.want {
				t.Fatalf("occurrences: %s, want %s", occ, c.want)
			}
			if n := e.received("News 1"); n != 1 {
				t.Fatalf("%d emails on the day, want 1", n)
			}
		})
	}
}

// Two messages due at the same moment both start, each its own run.
func TestTwoDueAtOnceBothStart(t *testing.T) {
	e := newEnv(t, at("2026-12-01T10:00:00Z"))
	a, b := e.message(1), e.message(2, 3)
	e.schedule(a, schedule.Spec{At: "2026-12-01T12:00"})
	e.schedule(b, schedule.Spec{At: "2026-12-01T12:00"})
	f := fired(e.tick("2026-12-01T11:00:00Z"))
	if f != "1@2026-12-01T11:00:00Z started, 2@2026-12-01T11:00:00Z started" {
		t.Fatalf("fired %q", f)
	}
	if e.received("News 1") != 1 || e.received("News 2") != 2 {
		t.Fatalf("emails: %d and %d, want 1 and 2", e.received("News 1"), e.received("News 2"))
	}
}

// An audience empty at fire time is recorded and sends nothing; the recurrence goes on.
func TestEmptyAudienceAtFireTimeIsRecordedAndSendsNothing(t *testing.T) {
	e := newEnv(t, at("2026-12-01T10:00:00Z"))
	aud := model.Audience{Name: "VIP", Kind: "partners", Rules: `{"kind":"partners","groups":[{"rules":[{"field":"tags","values":["vip"]}]}]}`}
	if err := e.st.DB.Create(&aud).Error; err != nil {
		t.Fatal(err)
	}
	e.st.DB.Model(&model.Partner{}).Where("id = 1").Update("tags", model.Tags{"vip"})
	var id int64
	e.must(&id, "Messages.Save", map[string]any{"kind": "general", "name": "VIP news", "subject": "VIP news",
		"body": "<p>Hi</p>", "recipients": map[string]any{"audienceId": aud.ID}})
	e.schedule(id, schedule.Spec{Cron: "0 9 * * *", TimeZone: "UTC"})
	e.tick("2026-12-02T09:00:00Z")
	e.st.DB.Model(&model.Partner{}).Where("id = 1").Update("tags", model.Tags{})
	f := e.tick("2026-12-03T09:00:00Z")
	if got := fired(f); got != fmt.Sprintf("%d@2026-12-03T09:00:00Z empty", id) {
		t.Fatalf("fired %q", got)
	}
	if runs := e.runs(id); len(runs) != 1 || e.received("VIP news") != 1 {
		t.Fatalf("%d runs and %d emails, want only the first occurrence's", len(runs), e.received("VIP news"))
	}
	var act []struct{ Event, Detail string }
	e.must(&act, "Messages.Activity", id)
	last := act[len(act)-1]
	if last.Event != "empty" || !strings.Contains(last.Detail, "nothing was sent") {
		t.Fatalf("last activity %+v, want the empty occurrence with why", last)
	}
	if s := e.status(id); s != model.MessageScheduled {
		t.Fatalf("message is %s, want still scheduled for tomorrow", s)
	}
}
