// Package macro is CommHub's macro language: Everflow-compatible single-brace macros
// ({partner_name}, {offer_tracking_link:123}, {partner_first_name|there}) parsed once,
// validated with positions, and rendered per recipient with context-aware escaping.
// It is pure: no I/O, no database.
package macro

import "strings"

// Ref is one macro reference found in a template.
type Ref struct {
	Name string `json:"name"`
	// OfferID is the offer of an offer-scoped macro ({offer_name:123}); 0 when absent.
	OfferID int64 `json:"offerId"`
	// Default replaces an empty value ({partner_first_name|there}).
	Default    string `json:"default"`
	HasDefault bool   `json:"hasDefault"`
	// Offset and Len locate the whole "{...}" in the source, in bytes.
	Offset int `json:"offset"`
	Len    int `json:"len"`
}

// Segment is a piece of a parsed template: literal text or a macro reference.
type Segment struct {
	Text string
	Ref  *Ref
}

// maxOfferDigits keeps offer IDs inside int64 and rejects absurd input as literal text.
const maxOfferDigits = 18

// Parse splits src into literal text and macro references. It never fails: brace text
// that is not a macro ("{ x }", "{Name}", "{a:b}", a lone "{") stays literal, so CSS,
// JSON or prose with braces passes through untouched.
func Parse(src string) []Segment {
	var segs []Segment
	lit := 0 // start of the pending literal run
	for i := 0; i < len(src); {
		j := strings.IndexByte(src[i:], '{')
		if j < 0 {
			break
		}
		start := i + j
		ref, n := scanRef(src, start)
		if n == 0 {
			i = start + 1
			continue
		}
		if start > lit {
			segs = append(segs, Segment{Text: src[lit:start]})
		}
		segs = append(segs, Segment{Ref: ref})
		i = start + n
		lit = i
	}
	if lit < len(src) {
		segs = append(segs, Segment{Text: src[lit:]})
	}
	return segs
}

// scanRef reads a macro starting at src[at] == '{' and returns it with its length,
// or length 0 when the text there is not a macro.
func scanRef(src string, at int) (*Ref, int) {
	i := at + 1
	if i >= len(src) || !isLower(src[i]) {
		return nil, 0
	}
	for i < len(src) && (isLower(src[i]) || isDigit(src[i]) || src[i] == '_') {
		i++
	}
	ref := &Ref{Name: src[at+1 : i], Offset: at}
	if i < len(src) && src[i] == ':' {
		d := i + 1
		for d < len(src) && isDigit(src[d]) {
			d++
		}
		digits := src[i+1 : d]
		if digits == "" || digits[0] == '0' || len(digits) > maxOfferDigits {
			return nil, 0
		}
		ref.OfferID = atoi(digits)
		i = d
	}
	if i < len(src) && src[i] == '|' {
		d := i + 1
		for d < len(src) && !strings.ContainsRune("{}\r\n", rune(src[d])) {
			d++
		}
		ref.Default, ref.HasDefault = src[i+1:d], true
		i = d
	}
	if i >= len(src) || src[i] != '}' {
		return nil, 0
	}
	ref.Len = i + 1 - at
	return ref, ref.Len
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func atoi(s string) int64 {
	var n int64
	for i := 0; i < len(s); i++ {
		n = n*10 + int64(s[i]-'0')
	}
	return n
}

// Position is a human location in a source text: 1-based line and column (in characters).
type Position struct {
	Offset int `json:"offset"`
	Line   int `json:"line"`
	Column int `json:"column"`
}

// PositionOf converts a byte offset of src into a line and column.
func PositionOf(src string, offset int) Position {
	if offset > len(src) {
		offset = len(src)
	}
	line, col := 1, 1
	for _, r := range src[:offset] {
		if r == '\n' {
			line, col = line+1, 1
			continue
		}
		col++
	}
	return Position{Offset: offset, Line: line, Column: col}
}
