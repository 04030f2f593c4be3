package schedule

import (
	"strings"
	"testing"
	"time"

	"commhub/backend/fault"
)

func mustPlan(t *testing.T, s Spec) Plan {
	t.Helper()
	p, err := Parse(s, time.UTC)
	if err != nil {
		t.Fatalf("parse %+v: %v", s, err)
	}
	return p
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func fmtAll(ts []time.Time) string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = FormatUTC(t)
	}
	return strings.Join(out, " ")
}

func TestFireTimesInTheirTimeZone(t *testing.T) {
	cases := []struct {
		name  string
		spec  Spec
		after string
		want  string
	}{
		{"one-off Berlin wall time", Spec{At: "2026-12-05T09:00:00", TimeZone: "Europe/Berlin"}, "2026-12-01T00:00:00Z",
			"2026-12-05T08:00:00Z"},
		{"weekly Monday 9:00 New York", Spec{Cron: "0 9 * * MON", TimeZone: "America/New_York"}, "2026-12-01T00:00:00Z",
			"2026-12-07T14:00:00Z 2026-12-14T14:00:00Z 2026-12-21T14:00:00Z"},
		// 02:30 does not exist on 29 March 2026 in Berlin: it fires once, at 03:30 summer time.
		{"daily 02:30 across spring forward", Spec{Cron: "30 2 * * *", TimeZone: "Europe/Berlin"}, "2026-03-28T00:00:00Z",
			"2026-03-28T01:30:00Z 2026-03-29T01:30:00Z 2026-03-30T00:30:00Z"},
		// 02:30 happens twice on 25 October 2026 in Berlin: it fires once.
		{"daily 02:30 across fall back", Spec{Cron: "30 2 * * *", TimeZone: "Europe/Berlin"}, "2026-10-24T00:00:00Z",
			"2026-10-24T00:30:00Z 2026-10-25T00:30:00Z 2026-10-26T01:30:00Z"},
		{"first Monday of the month", Spec{Cron: "0 9 * * MON#1", TimeZone: "UTC"}, "2026-12-01T00:00:00Z",
			"2026-12-07T09:00:00Z 2027-01-04T09:00:00Z 2027-02-01T09:00:00Z"},
		// January 2027 ends on a Sunday: its last working day is Friday the 29th.
		{"last working day", Spec{Cron: "0 17 LW * *", TimeZone: "UTC"}, "2026-12-01T00:00:00Z",
			"2026-12-31T17:00:00Z 2027-01-29T17:00:00Z 2027-02-26T17:00:00Z"},
		{"last day of the month", Spec{Cron: "0 8 L * *", TimeZone: "UTC"}, "2027-01-01T00:00:00Z",
			"2027-01-31T08:00:00Z 2027-02-28T08:00:00Z 2027-03-31T08:00:00Z"},
		{"descriptor", Spec{Cron: "@monthly", TimeZone: "Asia/Tokyo"}, "2026-12-01T00:00:00Z",
			"2026-12-31T15:00:00Z 2027-01-31T15:00:00Z 2027-02-28T15:00:00Z"},
		{"until ends it (inclusive)", Spec{Cron: "0 9 * * *", TimeZone: "UTC", Until: "2026-12-02"}, "2026-12-01T00:00:00Z",
			"2026-12-01T09:00:00Z 2026-12-02T09:00:00Z"},
		{"count ends it", Spec{Cron: "0 9 * * *", TimeZone: "UTC", Count: 2}, "2026-12-01T00:00:00Z",
			"2026-12-01T09:00:00Z 2026-12-02T09:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := fmtAll(mustPlan(t, c.spec).Upcoming(utc(c.after), 0, 3))
			if got != c.want {
				t.Errorf("fire times\n got %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestBadSchedulesSayHowToFixThem(t *testing.T) {
	cases := []struct {
		spec Spec
		want string
	}{
		{Spec{}, "give \"at\""},
		{Spec{At: "2026-12-05T09:00", Cron: "@daily"}, "not both"},
		{Spec{At: "5 December"}, "not a local date and time"},
		{Spec{At: "2026-12-05T09:00", TimeZone: "Mars/Olympus"}, "time zone \"Mars/Olympus\" is unknown"},
		{Spec{Cron: "0 9 * *"}, "cannot be read"},
		{Spec{Cron: "TZ=Europe/Berlin 0 9 * * *"}, "put the zone in \"timeZone\""},
		{Spec{Cron: "@every 5m"}, "shortest interval is 1h0m0s"},
		{Spec{Cron: "0 9 * * MON#7"}, "n from 1 to 5"},
		{Spec{Cron: "0 9 L * MON"}, "set that field to *"},
		{Spec{Cron: "0 9 * * *", Until: "30/06/2027"}, "not a date such as 2027-06-30"},
		{Spec{Cron: "0 9 * * *", Count: -1}, "count -1"},
		{Spec{At: "2026-12-05T09:00", Count: 3}, "takes neither"},
	}
	for _, c := range cases {
		_, err := Parse(c.spec, time.UTC)
		if err == nil || fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want invalid mentioning %q", c.spec, err, c.want)
		}
	}
}
