package macro

import (
	"strings"
	"testing"
)

// FuzzParse checks that parsing never panics, that the segments re-assemble the input
// exactly, and that rendering hostile values never lets a raw '<' or quote out of a slot.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "{", "}", "{}", "{a}", "{a:1}", "{a:1|d}", "{a|}", "{a|b|c}", "{{a}}", "{a:0}", "{a:b}",
		"Hi {partner_first_name|there},", `<a href="{offer_tracking_link:123}">x</a>`,
		`<p style="{partner_name}" onclick='{partner_name}'>{partner_name}</p>`,
		"<script>{partner_name}</script>{partner_name}", "<!-- {x} -->", "{offer_name:99999999999999999999}",
		"p {margin:0}", "é{x|ü}", "<a href={offer_preview_url}>", "<", "{zz|<b>}", "{partner_name|<b>}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var b strings.Builder
		for _, s := range Parse(src) {
			if s.Ref != nil {
				if s.Ref.Offset < 0 || s.Ref.Offset+s.Ref.Len > len(src) {
					t.Fatalf("ref out of range: %+v", s.Ref)
				}
				b.WriteString(src[s.Ref.Offset : s.Ref.Offset+s.Ref.Len])
				continue
			}
			b.WriteString(s.Text)
		}
		if b.String() != src {
			t.Fatalf("segments do not re-assemble %q: got %q", src, b.String())
		}
		for _, ctx := range []Context{Subject, HTML, Text} {
			tpl, probs := Compile(src, Options{Context: ctx, Scope: ScopeOfferDetails, Offers: []int64{1}, Field: "f"})
			for _, p := range probs {
				if p.Offset < 0 || p.Offset > len(src) || p.Line < 1 || p.Column < 1 {
					t.Fatalf("bad position %+v", p)
				}
			}
			out := tpl.Render(hostile{})
			if ctx == Subject && strings.ContainsAny(out, "\r\n") && !strings.ContainsAny(src, "\r\n") {
				t.Fatalf("subject gained a line break: %q", out)
			}
			if ctx == HTML && strings.Count(out, "<") != strings.Count(src, "<")-countInRefs(src, "<") {
				t.Fatalf("a value added a '<' to the HTML: %q -> %q", src, out)
			}
		}
	})
}

// hostile returns a value that tries every break-out at once.
type hostile struct{}

func (hostile) Value(string, int64) string {
	return "\"'><script>alert(1)</script>\r\nBcc: x@example.com javascript:"
}

func countInRefs(src, sub string) int {
	n := 0
	for _, s := range Parse(src) {
		if s.Ref == nil {
			continue
		}
		if _, known := byName[s.Ref.Name]; known {
			n += strings.Count(src[s.Ref.Offset:s.Ref.Offset+s.Ref.Len], sub)
		}
	}
	return n
}
