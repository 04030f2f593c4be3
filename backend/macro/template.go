package macro

import (
	"html"
	"strings"
)

// Values supplies macro values for one recipient. It returns "" for a value the
// recipient lacks; the template then uses the macro's default, if any.
type Values interface {
	Value(name string, offerID int64) string
}

// Options describe where a template is used.
type Options struct {
	Context Context
	Scope   Scope
	// Offers are the offers the message carries, in order. A bare offer macro
	// ({offer_name}) refers to the only one.
	Offers []int64
	// Field names the template in problem reports ("subject", "body").
	Field string
}

// Template is a compiled template: parse, context analysis and escaper choice are done
// once; Render only looks values up and escapes them.
type Template struct {
	parts []part
	refs  []Ref
	size  int
}

type part struct {
	lit    string // literal text, or the macro's source when it is unknown
	name   string // "" for a literal
	offer  int64
	def    string // the default, already escaped for its slot
	hasDef bool
	esc    escaper
}

// Compile parses and checks src. It always returns a usable template (unknown macros
// render as their literal source) together with the problems found, so a draft can be
// previewed while the editor lists what to fix.
func Compile(src string, o Options) (*Template, []Problem) {
	t := &Template{}
	var hs htmlState
	var probs []Problem
	htmlish := o.Context == HTML || o.Context == Banner
	for _, seg := range Parse(src) {
		if seg.Ref == nil {
			t.parts = append(t.parts, part{lit: seg.Text})
			t.size += len(seg.Text)
			if htmlish {
				hs.feed(seg.Text)
			}
			continue
		}
		ref := *seg.Ref
		sl := slotText
		if htmlish {
			sl = hs.slot()
		}
		p, ps := compileRef(src, ref, sl, o)
		probs = append(probs, ps...)
		t.parts = append(t.parts, p)
		t.refs = append(t.refs, ref)
		t.size += 16
	}
	return t, probs
}

func compileRef(src string, ref Ref, sl slot, o Options) (part, []Problem) {
	def, known := byName[ref.Name]
	if !known {
		return part{lit: src[ref.Offset : ref.Offset+ref.Len]}, []Problem{unknownProblem(src, ref, o.Field)}
	}
	probs := checkRef(src, ref, def, sl, o)
	esc := escaperFor(o.Context, sl)
	p := part{name: ref.Name, offer: ref.OfferID, esc: esc, hasDef: ref.HasDefault}
	if def.Offer && p.offer == 0 && len(o.Offers) > 0 {
		p.offer = o.Offers[0]
	}
	if ref.HasDefault {
		d := ref.Default
		if o.Context == HTML || o.Context == Banner {
			// The editor wrote the default as HTML source; decode it once so that it is
			// escaped exactly like a value, whatever slot it lands in.
			d = html.UnescapeString(d)
		}
		p.def = esc(d)
	}
	return p, probs
}

// Refs lists the macros the template uses, in order.
func (t *Template) Refs() []Ref { return t.refs }

// Uses reports whether the template references the macro name.
func (t *Template) Uses(name string) bool {
	for _, r := range t.refs {
		if r.Name == name {
			return true
		}
	}
	return false
}

// Render fills the template for one recipient.
func (t *Template) Render(v Values) string {
	var b strings.Builder
	b.Grow(t.size + t.size/4)
	t.WriteTo(&b, v)
	return b.String()
}

// WriteTo appends the filled template to b.
func (t *Template) WriteTo(b *strings.Builder, v Values) {
	for i := range t.parts {
		p := &t.parts[i]
		if p.name == "" {
			b.WriteString(p.lit)
			continue
		}
		val := v.Value(p.name, p.offer)
		if val == "" {
			if p.hasDef {
				b.WriteString(p.def)
			}
			continue
		}
		b.WriteString(p.esc(val))
	}
}
