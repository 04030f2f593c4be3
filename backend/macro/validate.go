package macro

import (
	"fmt"
	"regexp"
	"strings"
)

// Severities of a problem.
const (
	SeverityError = "error" // blocks marking the message ready or sending it
	SeverityInfo  = "info"  // something the user should know, e.g. a footer link was added
)

// Problem is a validation finding with its place in the source.
type Problem struct {
	Field    string `json:"field"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Macro    string `json:"macro,omitempty"`
	Position
	Length int `json:"length"`
}

func problemAt(src string, field string, offset, length int, macro, format string, args ...any) Problem {
	return Problem{
		Field: field, Severity: SeverityError, Macro: macro, Length: length,
		Position: PositionOf(src, offset), Message: fmt.Sprintf(format, args...),
	}
}

func unknownProblem(src string, ref Ref, field string) Problem {
	msg := "unknown macro {%s}"
	args := []any{ref.Name}
	if s := suggest(ref.Name); s != "" {
		msg += ": did you mean {%s}?"
		args = append(args, s)
	} else {
		msg += ": open the Macros menu for the list"
	}
	return problemAt(src, field, ref.Offset, ref.Len, ref.Name, msg, args...)
}

// checkRef reports a known macro used where it cannot work.
func checkRef(src string, ref Ref, d *Def, sl slot, o Options) []Problem {
	at := func(format string, args ...any) []Problem {
		return []Problem{problemAt(src, o.Field, ref.Offset, ref.Len, ref.Name, format, args...)}
	}
	name := "{" + ref.Name + "}"
	switch {
	case !d.allows(o.Context):
		return at("%s cannot be used in the %s", name, contextLabel(o.Context))
	case o.Scope != "" && !d.inScope(o.Scope):
		return at("%s %s", name, scopeAdvice(d, o.Scope))
	case ref.OfferID != 0 && !d.Offer:
		return at("%s does not take an offer ID: write %s", src[ref.Offset:ref.Offset+ref.Len], name)
	case ref.OfferID != 0 && o.Scope == ScopeOfferDetails && !containsID(o.Offers, ref.OfferID):
		return at("%s: this message does not carry offer %d: add the offer or fix the ID", src[ref.Offset:ref.Offset+ref.Len], ref.OfferID)
	case d.Offer && ref.OfferID == 0 && o.Scope == ScopeOfferDetails && len(o.Offers) == 0:
		return at("%s needs an offer: add one to the message", name)
	case d.Offer && ref.OfferID == 0 && len(o.Offers) > 1:
		return at("%s is ambiguous: this message carries %d offers, name one, e.g. {%s:%d}", name, len(o.Offers), ref.Name, o.Offers[0])
	case sl == slotForbidden:
		return at("%s cannot be filled safely here (inside a tag, comment, script, style or event attribute): move it into text or a link", name)
	case sl == slotURLStart && !d.URL:
		return at("%s is not a link, yet it starts a link address: start the address with http(s):// or use a link macro", name)
	}
	return nil
}

func contextLabel(c Context) string {
	switch c {
	case Subject:
		return "subject line"
	case Text:
		return "plain-text part"
	case Banner:
		return "banner"
	}
	return "email body"
}

func scopeAdvice(d *Def, s Scope) string {
	switch {
	case d.Offer:
		return "is an offer macro: it only works in Offer Details messages"
	case s == ScopeAdvertiser:
		return "is a partner macro: messages to advertisers use the advertiser_* macros"
	}
	return "is an advertiser macro: it only works in messages to advertisers"
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// suggest returns the registered name closest to name, if it is close enough to be a typo.
func suggest(name string) string {
	best, bestD := "", 3
	for _, d := range defs {
		if dist := editDistance(name, d.Name); dist < bestD {
			best, bestD = d.Name, dist
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

var linkAttr = regexp.MustCompile(`(?i)\s(href|src)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)

// CheckLinks reports links and image sources in an HTML body that are not http(s)
// (mailto: is allowed for links): javascript:, relative paths, empty links, or a
// non-link macro at the start of the address.
func CheckLinks(src, field string) []Problem {
	var probs []Problem
	for _, m := range linkAttr.FindAllStringSubmatchIndex(src, -1) {
		attr := strings.ToLower(src[m[2]:m[3]])
		val, off := src[m[4]:m[5]], m[4]
		if len(val) > 0 && (val[0] == '"' || val[0] == '\'') {
			val, off = val[1:len(val)-1], off+1
		}
		if linkOK(val, attr) {
			continue
		}
		shown := val
		if len(shown) > 60 {
			shown = shown[:60] + "…"
		}
		probs = append(probs, problemAt(src, field, off, len(val), "",
			"the %s address %q is not an http(s) link: use a full https:// address or a link macro such as {offer_tracking_link}", attr, shown))
	}
	return probs
}

func linkOK(val, attr string) bool {
	v := strings.ToLower(strings.TrimSpace(val))
	if strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://") {
		return true
	}
	if attr == "href" && strings.HasPrefix(v, "mailto:") {
		return true
	}
	// An address that starts with a macro is checked where the macro is compiled
	// (a non-link macro there is reported with the macro's own position).
	_, n := scanRef(val, 0)
	return n > 0
}
