package audience

import (
	"fmt"
	"time"
)

const dateLayout = "2006-01-02"

// span is a resolved period: the first and last day as text (daily stats compare dates as
// text) and the half-open UTC interval [Start, End) those days cover in the user's zone.
type span struct {
	From, To   string
	Start, End time.Time
}

// resolve turns a period into concrete days, counted in loc. "Last N days" ends today.
func resolve(p Period, now time.Time, loc *time.Location) (span, error) {
	local := now.In(loc)
	y, m, d := local.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	var first, last time.Time
	switch p.Kind {
	case PeriodLast7:
		first, last = today.AddDate(0, 0, -6), today
	case PeriodLast30:
		first, last = today.AddDate(0, 0, -29), today
	case PeriodLastDays:
		if p.Days < 1 || p.Days > 3660 {
			return span{}, fmt.Errorf("last_days needs days between 1 and 3660, not %d", p.Days)
		}
		first, last = today.AddDate(0, 0, 1-p.Days), today
	case PeriodThisMonth:
		first, last = time.Date(y, m, 1, 0, 0, 0, 0, loc), today
	case PeriodLastMonth:
		first = time.Date(y, m-1, 1, 0, 0, 0, 0, loc)
		last = time.Date(y, m, 0, 0, 0, 0, 0, loc)
	case PeriodCustom:
		var err error
		if first, err = parseDay(p.From, "from", loc); err != nil {
			return span{}, err
		}
		if last, err = parseDay(p.To, "to", loc); err != nil {
			return span{}, err
		}
		if last.Before(first) {
			return span{}, fmt.Errorf("reversed range: from %s is after to %s; swap them", p.From, p.To)
		}
	case "":
		return span{}, fmt.Errorf("period kind is missing (one of %s)", periodKinds)
	default:
		return span{}, fmt.Errorf("unknown period %q (one of %s)", p.Kind, periodKinds)
	}
	fy, fm, fd := first.Date()
	ly, lm, ld := last.Date()
	return span{
		From:  first.Format(dateLayout),
		To:    last.Format(dateLayout),
		Start: time.Date(fy, fm, fd, 0, 0, 0, 0, loc).UTC(),
		End:   time.Date(ly, lm, ld+1, 0, 0, 0, 0, loc).UTC(),
	}, nil
}

const periodKinds = "last_7_days, last_30_days, last_days, last_month, this_month, custom"

func parseDay(s, name string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("custom period needs %q as YYYY-MM-DD", name)
	}
	t, err := time.ParseInLocation(dateLayout, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("custom period %q is %q, not a YYYY-MM-DD date", name, s)
	}
	return t, nil
}
