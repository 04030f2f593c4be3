package imports

import (
	"fmt"
	"math"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"commhub/backend/model"
)

// parseID reads a network ID: a positive whole number ("17", "17.0" from spreadsheets).
func parseID(s string) (int64, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".0")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not an ID (a positive whole number)", s)
	}
	return id, nil
}

// parseCount reads a non-negative whole number such as clicks, tolerating thousands
// separators ("1,204").
func parseCount(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	clean := strings.NewReplacer(",", "", " ", "", "\u00a0", "", "'", "").Replace(s)
	clean = strings.TrimSuffix(clean, ".0")
	n, err := strconv.ParseInt(clean, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a count (a whole number, 0 or more)", s)
	}
	return n, nil
}

// parseCents reads an amount of money into integer cents. It accepts currency symbols and
// codes, thousands separators and a decimal comma ("1.234,56"), and rounds to the cent.
func parseCents(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	clean := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9', r == '.', r == ',', r == '-':
			return r
		case r == ' ' || r == '\u00a0' || r == '\'' || r == '$' || r == '€' || r == '£' || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z'):
			return -1
		}
		return '!'
	}, s)
	if strings.ContainsRune(clean, '!') || clean == "" {
		return 0, fmt.Errorf("%q is not an amount of money (for example 12.50)", s)
	}
	dot, comma := strings.LastIndex(clean, "."), strings.LastIndex(clean, ",")
	switch {
	case dot >= 0 && comma >= 0 && comma > dot: // 1.234,56
		clean = strings.ReplaceAll(clean[:comma], ".", "") + "." + clean[comma+1:]
	case dot >= 0 && comma >= 0: // 1,234.56
		clean = strings.ReplaceAll(clean, ",", "")
	case comma >= 0 && strings.Count(clean, ",") == 1 && len(clean)-comma-1 <= 2: // 12,5
		clean = strings.Replace(clean, ",", ".", 1)
	default:
		clean = strings.ReplaceAll(clean, ",", "")
	}
	f, err := strconv.ParseFloat(clean, 64)
	if err != nil || math.IsInf(f, 0) || math.Abs(f) > 9e13 {
		return 0, fmt.Errorf("%q is not an amount of money (for example 12.50)", s)
	}
	return int64(math.Round(f * 100)), nil
}

// dateLayouts are the date forms seen in exports; "/" dates are month first unless the first
// number cannot be a month.
var dateLayouts = []string{
	"2006-01-02", "2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05",
	"2006-01-02 15:04", "2006/01/02", "02.01.2006", "2.1.2006", "Jan 2, 2006", "2 Jan 2006",
	"January 2, 2006", "2 January 2006", "02-Jan-2006", "20060102",
}

// parseTime reads a date or date-time in any of the supported forms, as UTC.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	if t, ok := parseSlashDate(s); ok {
		return t, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 1e8 && n < 1e11 {
		return time.Unix(n, 0).UTC(), nil // Unix seconds, as the network API reports them
	}
	return time.Time{}, fmt.Errorf("%q is not a date (use YYYY-MM-DD, e.g. 2026-11-28)", s)
}

// parseSlashDate reads M/D/YYYY, or D/M/YYYY when the first number is above 12, with an
// optional time.
func parseSlashDate(s string) (time.Time, bool) {
	datePart, timePart, _ := strings.Cut(s, " ")
	p := strings.Split(datePart, "/")
	if len(p) != 3 {
		return time.Time{}, false
	}
	a, err1 := strconv.Atoi(p[0])
	b, err2 := strconv.Atoi(p[1])
	y, err3 := strconv.Atoi(p[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return time.Time{}, false
	}
	if y < 100 {
		y += 2000
	}
	m, d := a, b
	if a > 12 {
		m, d = b, a
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	if timePart != "" {
		clock, err := time.Parse("15:04:05", timePart)
		if err != nil {
			if clock, err = time.Parse("15:04", timePart); err != nil {
				return time.Time{}, false
			}
		}
		t = t.Add(time.Duration(clock.Hour())*time.Hour + time.Duration(clock.Minute())*time.Minute + time.Duration(clock.Second())*time.Second)
	}
	return t, true
}

// parseDay reads a date into the "YYYY-MM-DD" form daily stats are keyed by.
func parseDay(s string) (string, error) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' { // the common case, without allocation
		if _, err := time.Parse("2006-01-02", s); err == nil {
			return s, nil
		}
	}
	t, err := parseTime(s)
	if err != nil {
		return "", err
	}
	return t.Format("2006-01-02"), nil
}

// parseEmail accepts a bare address (no display name).
func parseEmail(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		return "", fmt.Errorf("%q is not a valid e-mail address (expected name@example.com)", s)
	}
	return s, nil
}

// parseChoice lower-cases s, turns blanks into underscores and checks it against valid.
func parseChoice(s, what string, valid []string) (string, error) {
	v := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "-", " ")), "_"))
	for _, ok := range valid {
		if v == ok {
			return v, nil
		}
	}
	return "", fmt.Errorf("%q is not %s (%s)", s, what, strings.Join(valid, ", "))
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "", "0", "false", "no", "n", "off":
		return false, nil
	case "1", "true", "yes", "y", "on", "x":
		return true, nil
	}
	return false, fmt.Errorf("%q is not yes or no (use true/false, yes/no or 1/0)", s)
}

func parseCountry(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if len(s) != 2 || !isLetters(s) {
		return "", fmt.Errorf("%q is not a two-letter country code (ISO 3166, e.g. US, DE)", s)
	}
	return strings.ToUpper(s), nil
}

func isLetters(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func parseCurrency(s string) (string, error) {
	if s == "" {
		return "USD", nil
	}
	if len(s) != 3 || !isLetters(s) {
		return "", fmt.Errorf("%q is not a three-letter currency code (e.g. USD, EUR)", s)
	}
	return strings.ToUpper(s), nil
}

func tagsValue(s string) string {
	v, _ := model.ParseTags(s).Value()
	return v.(string)
}
