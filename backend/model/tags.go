package model

import (
	"database/sql/driver"
	"fmt"
	"strings"
)

// Tags is stored as ",a,b," so that a single LIKE '%,tag,%' matches one tag exactly
// and tag rules compile to plain SQL without a join.
type Tags []string

// Value implements driver.Valuer.
func (t Tags) Value() (driver.Value, error) {
	if len(t) == 0 {
		return "", nil
	}
	return "," + strings.Join(t, ",") + ",", nil
}

// Scan implements sql.Scanner.
func (t *Tags) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*t = nil
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("tags: cannot scan %T", src)
	}
	*t = ParseTags(s)
	return nil
}

// ParseTags splits a comma- or semicolon-separated list, trimming blanks and duplicates.
func ParseTags(s string) Tags {
	out := Tags{}
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		tag := strings.TrimSpace(part)
		if tag == "" || seen[strings.ToLower(tag)] {
			continue
		}
		seen[strings.ToLower(tag)] = true
		out = append(out, tag)
	}
	return out
}

// TagPattern is the LIKE pattern that matches rows carrying tag.
func TagPattern(tag string) string { return "%," + tag + ",%" }
