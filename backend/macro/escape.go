package macro

import (
	"net/url"
	"strconv"
	"strings"
)

// escaper makes a value safe for one slot of one context.
type escaper func(string) string

func escaperFor(ctx Context, s slot) escaper {
	switch ctx {
	case Subject:
		return headerSafe
	case Text:
		return textSafe
	}
	switch s {
	case slotText, slotAttr:
		return htmlEscape
	case slotAttrBare:
		return bareAttrEscape
	case slotURLStart:
		return func(v string) string { return htmlEscape(safeURL(v)) }
	case slotURLPath:
		return func(v string) string { return htmlEscape(url.PathEscape(v)) }
	case slotURLQuery:
		return func(v string) string { return htmlEscape(url.QueryEscape(v)) }
	}
	return func(string) string { return "" }
}

var htmlReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

// htmlEscape escapes text and quoted attribute values. The common case (nothing to
// escape) costs one scan and no allocation.
func htmlEscape(s string) string {
	if !strings.ContainsAny(s, `&<>"'`) {
		return s
	}
	return htmlReplacer.Replace(s)
}

// bareAttrEscape escapes everything but letters and digits, so a value cannot end an
// unquoted attribute.
func bareAttrEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (isLetter(byte(r)) || isDigit(byte(r))) {
			b.WriteRune(r)
			continue
		}
		b.WriteString("&#")
		b.WriteString(strconv.Itoa(int(r)))
		b.WriteByte(';')
	}
	return b.String()
}

// safeURL lets through http(s) and mailto links only; anything else (javascript:,
// data:, relative paths) becomes a harmless "#".
func safeURL(v string) string {
	v = strings.TrimSpace(stripControls(v, ""))
	lv := strings.ToLower(v)
	if strings.HasPrefix(lv, "https://") || strings.HasPrefix(lv, "http://") || strings.HasPrefix(lv, "mailto:") {
		return v
	}
	return "#"
}

// headerSafe keeps a subject on one header line: CR, LF and other controls become spaces.
func headerSafe(s string) string { return stripControls(s, " ") }

// textSafe keeps line breaks in the plain-text part but drops other control bytes.
func textSafe(s string) string {
	if !hasControl(s, true) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == '\n' || r == '\t' || !isControl(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func stripControls(s, with string) string {
	if !hasControl(s, false) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			b.WriteString(with)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func hasControl(s string, allowNewline bool) bool {
	for _, r := range s {
		if isControl(r) && !(allowNewline && (r == '\n' || r == '\t')) {
			return true
		}
	}
	return false
}

// isControl covers C0, DEL, C1 and the Unicode line/paragraph separators.
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029
}
