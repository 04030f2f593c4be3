package audience

import (
	"testing"
	"time"

	"commhub/backend/model"
)

func TestResolvePeriodInUserZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	must(t, err)
	// 03:30 UTC on 1 Dec is still 30 Nov in New York.
	now := time.Date(2026, 12, 1, 3, 30, 0, 0, time.UTC)
	cases := []struct {
		p        Period
		from, to string
		start    string
	}{
		{Period{Kind: PeriodLast7}, "2026-11-24", "2026-11-30", "2026-11-24T05:00:00Z"},
		{Period{Kind: PeriodLast30}, "2026-11-01", "2026-11-30", "2026-11-01T04:00:00Z"}, // still DST on 1 Nov
		{Period{Kind: PeriodLastDays, Days: 1}, "2026-11-30", "2026-11-30", "2026-11-30T05:00:00Z"},
		{Period{Kind: PeriodThisMonth}, "2026-11-01", "2026-11-30", "2026-11-01T04:00:00Z"},
		{Period{Kind: PeriodLastMonth}, "2026-10-01", "2026-10-31", "2026-10-01T04:00:00Z"},
		{Period{Kind: PeriodCustom, From: "2026-03-08", To: "2026-03-08"}, "2026-03-08", "2026-03-08", "2026-03-08T05:00:00Z"},
	}
	for _, c := range cases {
		sp, err := resolve(c.p, now, ny)
		must(t, err)
		if sp.From != c.from || sp.To != c.to || sp.Start.Format(time.RFC3339) != c.start {
			t.Errorf("%+v: got %s..%s from %s, want %s..%s from %s", c.p, sp.From, sp.To, sp.Start.Format(time.RFC3339), c.from, c.to, c.start)
		}
	}
	// The DST day is 23 hours long: the span's end is the next local midnight.
	sp, err := resolve(Period{Kind: PeriodCustom, From: "2026-03-08", To: "2026-03-08"}, now, ny)
	must(t, err)
	if got := sp.End.Sub(sp.Start); got != 23*time.Hour {
		t.Errorf("8 March 2026 in New York lasts %v, want 23h", got)
	}
}

func TestZoneComesFromSettings(t *testing.T) {
	db := openStore(t)
	now := time.Date(2026, 12, 1, 3, 30, 0, 0, time.FixedZone("clock", 2*3600))
	if got := Zone(db, now); got != now.Location() {
		t.Fatalf("without a setting: %v, want the clock's zone", got)
	}
	must(t, db.Create(&model.Setting{Key: SettingTimeZone, Value: "America/New_York"}).Error)
	if got := Zone(db, now).String(); got != "America/New_York" {
		t.Fatalf("with the setting: %v", got)
	}
	must(t, db.Model(&model.Setting{}).Where("key = ?", SettingTimeZone).Update("value", "Mars/Olympus").Error)
	if got := Zone(db, now); got != now.Location() {
		t.Fatalf("unknown zone: %v, want the clock's zone", got)
	}
}
