package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"commhub/backend/mailer/smtptest"
	"commhub/backend/schedule"
	"commhub/backend/store"
)

// `commhubd schedule` lists what is due while another process holds the data folder, as
// `commhubd web` on a server does; --all lists the rest too.
func TestScheduleListsWhatIsDueWhileTheFolderIsInUse(t *testing.T) {
	t.Setenv("HOME", t.TempDir()) // no keyring in tests: the file store in the data folder
	sink, err := smtptest.Start(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	dir, due := sendFixture(t, sink, 2)
	st, err := store.Open(dir) // the running server
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC()
	plan, err := schedule.Parse(schedule.Spec{At: now.Add(-time.Minute).Format("2006-01-02T15:04:05"), TimeZone: "UTC"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := schedule.Set(st.DB, due, plan, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	var later int64
	st.DB.Raw("INSERT INTO messages (name, subject, body, status, created_at, updated_at) VALUES ('Later', 'Later', '<p>x</p>', 'draft', ?, ?) RETURNING id", now, now).Scan(&later)
	plan, _ = schedule.Parse(schedule.Spec{Cron: "0 9 * * MON", TimeZone: "Europe/Berlin"}, time.UTC)
	if _, err := schedule.Set(st.DB, later, plan, now); err != nil {
		t.Fatal(err)
	}
	list := func(args ...string) []dueEntry {
		t.Helper()
		var code int
		var stderr strings.Builder
		out := captureStdout(t, func() { code = run(append([]string{"schedule", "--data", dir}, args...), &stderr) })
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		var got []dueEntry
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v in %s", err, out)
		}
		return got
	}
	got := list()
	if len(got) != 1 || got[0].MessageID != due || !got[0].Due || len(got[0].Next) != 1 {
		t.Fatalf("due: %+v", got)
	}
	got = list("--all")
	if len(got) != 2 || got[1].MessageID != later || got[1].Due || len(got[1].Next) != 5 {
		t.Fatalf("all: %+v", got)
	}
}
