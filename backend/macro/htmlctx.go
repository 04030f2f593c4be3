package macro

import "strings"

// slot is where in an HTML document a macro sits; it picks the escaper.
type slot int

const (
	slotText      slot = iota // element content
	slotAttr                  // quoted attribute value
	slotAttrBare              // unquoted attribute value
	slotURLStart              // the very start of a URL attribute (href, src…): the whole link
	slotURLPath               // inside a URL before '?': path-escaped
	slotURLQuery              // inside a URL after '?' or '#': query-escaped
	slotForbidden             // tag name, attribute name, comment, script, style, style="" or on*="": never filled
)

// htmlState is a small HTML tokenizer state machine, just precise enough to tell the
// slot at any point of a template. It is fed the literal text between macros.
type htmlState struct {
	st       int
	tag      strings.Builder // current tag name (lower-case)
	attr     strings.Builder // current attribute name (lower-case)
	quote    byte            // quote of the current attribute value, 0 when unquoted
	valueLen int             // bytes (or macros) seen in the current attribute value
	query    bool            // a '?' or '#' was seen in the current URL value
	raw      string          // "script" or "style" while inside their raw text
	closing  bool
}

const (
	stText = iota
	stTagName
	stInTag
	stAttrName
	stAfterAttrName
	stBeforeValue
	stValue
	stComment
	stRaw
	stBogus // <!doctype …>, <?…>
)

// feed advances the state over literal text.
func (h *htmlState) feed(s string) {
	for i := 0; i < len(s); i++ {
		h.step(s, i)
	}
}

func (h *htmlState) step(s string, i int) {
	c := s[i]
	switch h.st {
	case stText:
		if c == '<' {
			h.openTag(s, i)
		}
	case stTagName:
		switch {
		case isSpace(c):
			h.st = stInTag
		case c == '>':
			h.endTag()
		case c == '/' && h.tag.Len() == 0:
			h.closing = true
		default:
			h.tag.WriteByte(lower(c))
		}
	case stInTag, stAfterAttrName:
		switch {
		case c == '>':
			h.endTag()
		case c == '=' && h.st == stAfterAttrName:
			h.st = stBeforeValue
		case isSpace(c) || c == '/':
		default:
			h.attr.Reset()
			h.attr.WriteByte(lower(c))
			h.st = stAttrName
		}
	case stAttrName:
		switch {
		case c == '=':
			h.st = stBeforeValue
		case c == '>':
			h.endTag()
		case isSpace(c):
			h.st = stAfterAttrName
		default:
			h.attr.WriteByte(lower(c))
		}
	case stBeforeValue:
		switch {
		case isSpace(c):
		case c == '>':
			h.endTag()
		default:
			h.st, h.valueLen, h.query, h.quote = stValue, 0, false, 0
			if c == '"' || c == '\'' {
				h.quote = c
				return
			}
			h.valueByte(c)
		}
	case stValue:
		switch {
		case h.quote != 0 && c == h.quote:
			h.st = stInTag
		case h.quote == 0 && isSpace(c):
			h.st = stInTag
		case h.quote == 0 && c == '>':
			h.endTag()
		default:
			h.valueByte(c)
		}
	case stComment:
		if c == '>' && i >= 2 && s[i-1] == '-' && s[i-2] == '-' {
			h.st = stText
		}
	case stBogus:
		if c == '>' {
			h.st = stText
		}
	case stRaw:
		if c == '<' && strings.HasPrefix(strings.ToLower(s[i:]), "</"+h.raw) {
			h.st, h.raw = stText, ""
			h.openTag(s, i)
		}
	}
}

func (h *htmlState) openTag(s string, i int) {
	rest := s[i+1:]
	switch {
	case strings.HasPrefix(rest, "!--"):
		h.st = stComment
	case strings.HasPrefix(rest, "!") || strings.HasPrefix(rest, "?"):
		h.st = stBogus
	case rest == "" || isLetter(rest[0]) || rest[0] == '/':
		h.st, h.closing = stTagName, false
		h.tag.Reset()
	}
}

func (h *htmlState) endTag() {
	h.st = stText
	name := h.tag.String()
	if !h.closing && (name == "script" || name == "style" || name == "textarea" || name == "title") {
		h.st, h.raw = stRaw, name
	}
}

func (h *htmlState) valueByte(c byte) {
	h.valueLen++
	if c == '?' || c == '#' {
		h.query = true
	}
}

// slot reports where a macro placed at the current point would sit, and records it
// as part of the current attribute value.
func (h *htmlState) slot() slot {
	switch h.st {
	case stText:
		return slotText
	case stBeforeValue:
		h.st, h.valueLen, h.query, h.quote = stValue, 0, false, 0
		return h.valueSlot()
	case stValue:
		return h.valueSlot()
	case stRaw:
		if h.raw == "title" || h.raw == "textarea" {
			return slotText
		}
	}
	return slotForbidden
}

func (h *htmlState) valueSlot() slot {
	defer func() { h.valueLen++ }()
	name := h.attr.String()
	switch {
	case strings.HasPrefix(name, "on") || name == "style" || name == "srcdoc":
		return slotForbidden
	case urlAttrs[name]:
		if h.quote == 0 {
			return slotForbidden
		}
		if h.valueLen == 0 {
			return slotURLStart
		}
		if h.query {
			return slotURLQuery
		}
		return slotURLPath
	case h.quote == 0:
		return slotAttrBare
	}
	return slotAttr
}

var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "background": true,
	"cite": true, "poster": true, "longdesc": true, "usemap": true, "data": true,
}

func isSpace(c byte) bool  { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
