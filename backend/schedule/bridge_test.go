package schedule_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"commhub/backend/events"
	"commhub/backend/model"
	"commhub/backend/schedule"
)

type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) Emit(event events.Name, data any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	name := string(event)
	if n, ok := data.(interface{ String() string }); ok {
		name += " " + n.String()
	}
	r.events = append(r.events, name)
}

// Scheduling checks the message as sending does and refuses what cannot fire.
func TestScheduleRefusesWhatCannotBeSent(t *testing.T) {
	e := newEnv(t, at("2026-12-01T10:00:00Z"))
	var broken int64
	e.must(&broken, "Messages.Save", map[string]any{"kind": "general", "subject": "Hi {nope}", "body": "<p>x</p>"})
	good := e.message(1)
	cases := []struct {
		id   int64
		spec schedule.Spec
		code string
		want string
	}{
		{broken, schedule.Spec{At: "2026-12-05T09:00"}, "invalid", "cannot be sent"},
		{good, schedule.Spec{At: "2026-12-01T10:59"}, "invalid", "is in the past (it is now 2026-12-01 11:00 there)"},
		{good, schedule.Spec{Cron: "0 9 * * *", Until: "2026-11-30"}, "invalid", "no fire time left"},
		{good, schedule.Spec{Cron: "61 9 * * *"}, "invalid", "cannot be read"},
		{999, schedule.Spec{At: "2026-12-05T09:00"}, "not_found", "999"},
	}
	for _, c := range cases {
		err := e.call(nil, "Messages.Schedule", c.id, c.spec)
		if err == nil || err.Code != c.code || !strings.Contains(err.Message, c.want) {
			t.Errorf("%+v: got %v, want %s mentioning %q", c.spec, err, c.code, c.want)
		}
	}
	if e.status(good) != model.MessageDraft || e.status(broken) != model.MessageDraft {
		t.Fatal("a refused schedule changed a message's status")
	}
	var list []schedule.Entry
	e.must(&list, "Messages.Scheduled")
	if len(list) != 0 {
		t.Fatalf("refused schedules are listed: %+v", list)
	}
}

// A scheduled message is frozen: a save that changes it takes it back to draft and says
// so; a save that changes nothing leaves it scheduled.
func TestEditingAScheduledMessageTakesItBackToDraft(t *testing.T) {
	e := newEnv(t, at("2026-12-01T10:00:00Z"))
	rec := &recorder{}
	e.close()
	e.openWith(rec)
	id := e.message(1)
	e.schedule(id, schedule.Spec{Cron: "0 9 * * MON", TimeZone: "UTC"})
	var m model.Message
	e.must(&m, "Messages.Get", id)
	e.must(nil, "Messages.Save", m)
	if e.status(id) != model.MessageScheduled || len(rec.events) != 0 {
		t.Fatalf("an unchanged save: status %s, events %v", e.status(id), rec.events)
	}
	m.Subject = "Changed"
	e.must(nil, "Messages.Save", m)
	if e.status(id) != model.MessageDraft {
		t.Fatalf("after an edit the message is %s, want draft", e.status(id))
	}
	if len(rec.events) != 1 || !strings.HasPrefix(rec.events[0], "message.unscheduled") {
		t.Fatalf("events %v, want one message.unscheduled", rec.events)
	}
	if f := e.tick("2026-12-07T09:00:00Z"); len(f) != 0 || e.sink.Count() != 0 {
		t.Fatalf("an edited message still fired: %s", fired(f))
	}
	var act []struct{ Event, Detail string }
	e.must(&act, "Messages.Activity", id)
	var events []string
	for _, a := range act {
		events = append(events, a.Event)
	}
	if got := strings.Join(events, " "); got != "created scheduled unscheduled edited" {
		t.Fatalf("activity %q", got)
	}
	var again struct{ Next []string }
	e.must(&again, "Messages.Schedule", id, schedule.Spec{Cron: "0 9 * * MON", TimeZone: "UTC"})
	if len(again.Next) != 5 || again.Next[0] != "2026-12-14T09:00:00Z" {
		t.Fatalf("scheduled again: %v", again.Next)
	}
}

// The dialog's preview shows the fire times the schedule would have, storing nothing.
func TestPreviewScheduleStoresNothing(t *testing.T) {
	e := newEnv(t, at("2026-12-01T10:00:00Z"))
	id := e.message(1)
	var next []string
	e.must(&next, "Messages.PreviewSchedule", schedule.Spec{Cron: "0 9 * * MON#1"})
	want := "2026-12-07T08:00:00Z 2027-01-04T08:00:00Z 2027-02-01T08:00:00Z 2027-03-01T08:00:00Z 2027-04-05T07:00:00Z"
	if got := strings.Join(next, " "); got != want {
		t.Fatalf("preview (Berlin, from Settings)\n got %s\nwant %s", got, want)
	}
	if err := e.call(nil, "Messages.PreviewSchedule", schedule.Spec{Cron: "nonsense"}); err == nil || err.Code != "invalid" {
		t.Fatalf("a bad expression: %v", err)
	}
	if e.status(id) != model.MessageDraft || e.occurrences(id) != "" {
		t.Fatal("a preview changed something")
	}
}

// Sending a scheduled message now is refused until it is unscheduled, so a schedule and a
// send now never both send it.
func TestSendNowRefusesAScheduledMessage(t *testing.T) {
	e := newEnv(t, at("2026-12-01T10:00:00Z"))
	id := e.message(1)
	e.schedule(id, schedule.Spec{At: "2026-12-01T12:00", TimeZone: "UTC"})
	if err := e.call(nil, "Deliveries.Send", id); err == nil || err.Code != "conflict" || !strings.Contains(err.Message, "unschedule it first") {
		t.Fatalf("send now of a scheduled message: %v", err)
	}
	e.must(nil, "Messages.Unschedule", id)
	var run int64
	e.must(&run, "Deliveries.Send", id)
	e.wait(run)
	if f := e.tick("2026-12-01T12:00:00Z"); len(f) != 0 || e.received("News 1") != 1 {
		t.Fatalf("after unschedule and send now: fired %s, %d emails", fired(f), e.received("News 1"))
	}
}

// Lists in the Scheduled answer are arrays, never null: the UI maps over them.
func TestScheduledListsAreNeverNull(t *testing.T) {
	e := newEnv(t, at("2026-12-01T10:00:00Z"))
	e.schedule(e.message(1), schedule.Spec{At: "2026-12-05T09:00"})
	body, _ := json.Marshal([]any{})
	res, err := e.d.Call("Messages", "Scheduled", body)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(res); strings.Contains(s, "null") {
		t.Fatalf("Scheduled answered %s", s)
	}
}
