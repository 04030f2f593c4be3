// Package schedule decides when messages are sent: one-off times and cron recurrences in
// a time zone, the due-scan that starts their runs, and what happens to fire times that
// passed while CommHub was closed.
package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"commhub/backend/fault"
)

// Spec is a message's schedule as the bridge carries it: either At (a local wall time,
// once) or Cron (a recurrence, optionally ended by Until or Count), in TimeZone (empty
// means the zone in Settings).
type Spec struct {
	At       string `json:"at,omitempty"`
	Cron     string `json:"cron,omitempty"`
	TimeZone string `json:"timeZone"`
	Until    string `json:"until,omitempty"`
	Count    int    `json:"count,omitempty"`
}

// wallLayouts are the accepted forms of a one-off time, most precise first.
var wallLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"}

// minEvery is the shortest @every interval: mass mail more often than hourly is a mistake.
const minEvery = time.Hour

// Plan is a checked Spec that knows its fire times.
type Plan struct {
	Spec Spec
	Loc  *time.Location
	once time.Time  // the one-off instant
	rec  recurrence // nil for a one-off
	end  time.Time  // first instant after Until; zero when there is no end date
}

// recurrence yields the first fire time strictly after a given instant.
type recurrence interface {
	next(after time.Time) time.Time
}

// Parse checks a spec and resolves its time zone (zone is the Settings' zone, used when
// the spec names none). Every mistake is an invalid-input fault saying how to fix it.
func Parse(s Spec, zone *time.Location) (Plan, error) {
	s.At, s.Cron, s.TimeZone, s.Until = strings.TrimSpace(s.At), strings.TrimSpace(s.Cron), strings.TrimSpace(s.TimeZone), strings.TrimSpace(s.Until)
	p := Plan{Spec: s, Loc: zone}
	if s.TimeZone != "" {
		loc, err := time.LoadLocation(s.TimeZone)
		if err != nil {
			return p, fault.Invalidf("schedule: time zone %q is unknown: use an IANA name such as Europe/Berlin, or leave it empty for the zone in Settings", s.TimeZone)
		}
		p.Loc = loc
	}
	if p.Loc == nil {
		p.Loc = time.Local
	}
	switch {
	case s.At != "" && s.Cron != "":
		return p, fault.Invalidf("schedule: give either \"at\" (send once) or \"cron\" (a recurrence), not both")
	case s.At == "" && s.Cron == "":
		return p, fault.Invalidf("schedule: give \"at\" (a local time such as 2026-12-05T09:00) or \"cron\" (such as \"0 9 * * MON\")")
	case s.At != "":
		if s.Until != "" || s.Count != 0 {
			return p, fault.Invalidf("schedule: \"until\" and \"count\" end a recurrence; a one-off send at %s takes neither", s.At)
		}
		return p, p.parseAt()
	}
	if s.Count < 0 {
		return p, fault.Invalidf("schedule: count %d must be 0 (no limit) or a number of occurrences", s.Count)
	}
	if s.Until != "" {
		d, err := time.ParseInLocation("2006-01-02", s.Until, p.Loc)
		if err != nil {
			return p, fault.Invalidf("schedule: until %q is not a date such as 2027-06-30", s.Until)
		}
		p.end = d.AddDate(0, 0, 1)
	}
	rec, err := parseCron(s.Cron, p.Loc)
	if err != nil {
		return p, err
	}
	p.rec = rec
	return p, nil
}

func (p *Plan) parseAt() error {
	for _, layout := range wallLayouts {
		if t, err := time.ParseInLocation(layout, p.Spec.At, p.Loc); err == nil {
			p.once = t
			return nil
		}
	}
	return fault.Invalidf("schedule: at %q is not a local date and time such as 2026-12-05T09:00:00", p.Spec.At)
}

// Recurring says whether the plan repeats.
func (p Plan) Recurring() bool { return p.rec != nil }

// Next is the first fire time strictly after `after`, given how many occurrences already
// came due; ok is false when the schedule has none left.
func (p Plan) Next(after time.Time, fired int) (time.Time, bool) {
	if p.rec == nil {
		if fired > 0 || !p.once.After(after) {
			return time.Time{}, false
		}
		return p.once.UTC(), true
	}
	if p.Spec.Count > 0 && fired >= p.Spec.Count {
		return time.Time{}, false
	}
	t := p.rec.next(after)
	if t.IsZero() || (!p.end.IsZero() && !t.Before(p.end)) {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// Upcoming lists up to n fire times after `after`.
func (p Plan) Upcoming(after time.Time, fired, n int) []time.Time {
	out := []time.Time{}
	for len(out) < n {
		t, ok := p.Next(after, fired+len(out))
		if !ok {
			break
		}
		out = append(out, t)
		after = t
	}
	return out
}

// parseCron reads a five-field expression or a descriptor (@daily, @weekly, @monthly,
// @every 2h...) with the standard parser, plus three day forms the UI's presets need:
// L (last day of the month), LW (last working day) and DAY#n (the nth such weekday).
func parseCron(expr string, loc *time.Location) (rec recurrence, err error) {
	if strings.HasPrefix(expr, "TZ=") || strings.HasPrefix(expr, "CRON_TZ=") {
		return nil, fault.Invalidf("schedule: cron %q names a zone inside the expression: put the zone in \"timeZone\" instead", expr)
	}
	defer func() {
		// The parser has inputs it panics on instead of answering an error.
		if r := recover(); r != nil {
			rec, err = nil, fault.Invalidf("schedule: cron %q cannot be read (%v)", expr, r)
		}
	}()
	std, filter, err := extendedDays(expr)
	if err != nil {
		return nil, err
	}
	s, err := cron.ParseStandard(std)
	if err != nil {
		return nil, fault.Invalidf("schedule: cron %q cannot be read: %v (five fields: minute hour day-of-month month day-of-week, e.g. \"0 9 * * MON\", or @daily, @weekly, @monthly)", expr, err)
	}
	switch c := s.(type) {
	case cron.ConstantDelaySchedule:
		if c.Delay < minEvery {
			return nil, fault.Invalidf("schedule: cron %q repeats every %s: the shortest interval is %s", expr, c.Delay, minEvery)
		}
		return realTime{c}, nil
	case *cron.SpecSchedule:
		c.Location = time.UTC // evaluated on wall times, see wallTime
		return wallTime{spec: c, loc: loc, keep: filter}, nil
	}
	return nil, fault.Invalidf("schedule: cron %q is of a kind CommHub does not run", expr)
}

// realTime runs an @every interval on elapsed time.
type realTime struct{ s cron.ConstantDelaySchedule }

func (r realTime) next(after time.Time) time.Time { return r.s.Next(after) }

// wallTime evaluates a cron expression on the clock on the wall of its zone, so a daily
// 02:30 fires once on every day: on the day clocks skip 02:30 it fires at the instant
// 02:30 maps to (03:30 summer time), on the day 02:30 happens twice it fires at the first.
type wallTime struct {
	spec *cron.SpecSchedule
	loc  *time.Location
	keep func(wall time.Time) bool
}

// maxSteps bounds the search for an expression that can never match (31 February).
const maxSteps = 5000

func (w wallTime) next(after time.Time) time.Time {
	a := after.In(w.loc)
	wall := time.Date(a.Year(), a.Month(), a.Day(), a.Hour(), a.Minute(), a.Second(), a.Nanosecond(), time.UTC)
	for range maxSteps {
		wall = w.spec.Next(wall)
		if wall.IsZero() {
			return time.Time{}
		}
		if w.keep != nil && !w.keep(wall) {
			continue
		}
		real := firstInstant(wall, w.loc)
		if real.After(after) {
			return real
		}
	}
	return time.Time{}
}

// firstInstant is the earliest instant whose wall clock in loc reads wall. Go's
// time.Date picks the later of two when clocks go back; the first is what people expect.
func firstInstant(wall time.Time, loc *time.Location) time.Time {
	t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), 0, 0, loc)
	for _, back := range []time.Duration{time.Hour, 30 * time.Minute} {
		e := t.Add(-back).In(loc)
		if e.Hour() == wall.Hour() && e.Minute() == wall.Minute() && e.Day() == wall.Day() {
			return e
		}
	}
	return t
}

// extendedDays rewrites L, LW and DAY#n into a standard expression and a day filter.
func extendedDays(expr string) (string, func(time.Time) bool, error) {
	f := strings.Fields(expr)
	if strings.HasPrefix(expr, "@") || len(f) != 5 {
		return expr, nil, nil
	}
	dom, dow := strings.ToUpper(f[2]), strings.ToUpper(f[4])
	special := dom == "L" || dom == "LW" || strings.Contains(dow, "#")
	if !special {
		return expr, nil, nil
	}
	if (dom == "L" || dom == "LW") && dow != "*" || strings.Contains(dow, "#") && dom != "*" {
		return "", nil, fault.Invalidf("schedule: cron %q combines a special day (L, LW or DAY#n) with another day field: set that field to *", expr)
	}
	var keep func(time.Time) bool
	switch {
	case dom == "L":
		f[2] = "28-31"
		keep = func(t time.Time) bool { return t.AddDate(0, 0, 1).Day() == 1 }
	case dom == "LW":
		f[2], f[4] = "*", "MON-FRI"
		keep = func(t time.Time) bool {
			n := t.AddDate(0, 0, 1)
			for n.Weekday() == time.Saturday || n.Weekday() == time.Sunday {
				n = n.AddDate(0, 0, 1)
			}
			return n.Month() != t.Month()
		}
	default:
		day, nth, _ := strings.Cut(dow, "#")
		if len(nth) != 1 || nth[0] < '1' || nth[0] > '5' || strings.ContainsAny(day, ",-/*") {
			return "", nil, fault.Invalidf("schedule: cron %q: DAY#n takes one weekday and n from 1 to 5, e.g. MON#1 for the first Monday", expr)
		}
		want := int(nth[0] - '0')
		f[4] = day
		keep = func(t time.Time) bool { return (t.Day()-1)/7+1 == want }
	}
	return strings.Join(f, " "), keep, nil
}

// FormatUTC is how fire times are stored and compared: fixed width, so text order is
// time order.
func FormatUTC(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// ParseUTC reads a stored fire time.
func ParseUTC(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02T15:04:05Z", s)
	if err != nil {
		return t, fmt.Errorf("stored fire time %q: %w", s, err)
	}
	return t, nil
}
