package mailer

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"testing"

	simple "github.com/xhit/go-simple-mail/v2"
)

// The oracle: how go-simple-mail's general builder made these emails before the
// compiled form replaced it on the send path.
// build turns the message into a go-simple-mail email: multipart/alternative text + HTML.
func (m *Message) build() (*simple.Email, error) {
	if m.FromEmail == "" {
		return nil, fmt.Errorf("no sender address: set From in the message or the SMTP profile")
	}
	if m.To == "" {
		return nil, fmt.Errorf("no recipient address")
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, fmt.Errorf("the subject contains a line break")
	}
	e := simple.NewMSG()
	e.SetFrom(address(m.FromName, m.FromEmail)).AddTo(address(m.ToName, m.To)).SetSubject(m.Subject)
	if m.ReplyTo != "" {
		e.SetReplyTo(m.ReplyTo)
	}
	if m.MessageID == "" {
		m.MessageID = NewMessageID("m", m.FromEmail)
	}
	e.AddHeader("Message-ID", m.MessageID)
	if m.UnsubscribeURL != "" {
		e.AddHeader("List-Unsubscribe", "<"+m.UnsubscribeURL+">")
		e.AddHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	text := m.Text
	if text == "" {
		text = " "
	}
	e.SetBody(simple.TextPlain, text)
	if m.HTML != "" {
		e.AddAlternative(simple.TextHTML, m.HTML)
	}
	if e.Error != nil {
		return nil, fmt.Errorf("build the email to %s: %v", m.To, e.Error)
	}
	return e, nil
}

// TestCompiledMIMEMeansWhatTheGeneralBuilderMade builds hostile messages both ways and
// parses both back as a mail reader would: the same headers (decoded), the same parts
// with the same types, charsets and transfer encodings, the same decoded bodies.
func TestCompiledMIMEMeansWhatTheGeneralBuilderMade(t *testing.T) {
	long := strings.Repeat("Payouts rise next month = more revenue for you. ", 40)
	cases := map[string]*Message{
		"plain": msg("ana@example.test"),
		"hostile names": {FromName: `Net "Team", Inc. <ops> \ =?utf-8?q?x?=`, FromEmail: "team@network.test", ReplyTo: "Replies <reply@network.test>",
			ToName: `O'Brien, "Pat" <pat@evil.test> \ ; :`, To: "pat.obrien@example.test",
			Subject: `"quoted" <tag> \ back, 100% = more`, HTML: "<p>Hi</p>", Text: "Hi",
			UnsubscribeURL: "https://t.network.test/u/abc?x=1&y=%20", MessageID: "<r1.d2.a1.abc@network.test>"},
		"non-ASCII everywhere": {FromName: "Équipe Nörthwind 北风", FromEmail: "team@network.test",
			ToName: "José Müller-Łukasiewicz 😀", To: "jose@example.test",
			Subject: "Novembre : les commissions augmentent — 北风 😀" + strings.Repeat(" très longue", 12),
			HTML:    "<p>Olá José, <b>ça va</b>? 😀</p>", Text: "Olá José 😀\nça va?", MessageID: "<r1.d3.a1.abc@network.test>"},
		"long lines and line ends": {FromName: "Net", FromEmail: "team@network.test", ToName: strings.Repeat("Partner Media Group ", 8), To: "p@example.test",
			Subject:        strings.Repeat("word ", 40) + strings.Repeat("x", 120),
			HTML:           "<table><tr><td>" + long + "</td></tr></table>\n<p>" + strings.Repeat("=", 200) + "</p>",
			Text:           long + "\r\nline with trailing space \nand tab\t\r\n.starts with a dot\rlone CR\n\nFrom the start\n  indented  \n",
			UnsubscribeURL: "https://t.network.test/u/" + strings.Repeat("a", 90), MessageID: "<r1.d4.a1.abc@network.test>"},
		"control characters": {FromName: "Net", FromEmail: "team@network.test", ToName: "Bell\ahere", To: "p@example.test",
			Subject: "bell\a and esc\x1b inside", HTML: "<p>\x00nul\x7fdel\x1besc</p>", Text: "\tlead tab\nend =", MessageID: "<r1.d5.a1.abc@network.test>"},
		"text only":  {FromName: "Net", FromEmail: "team@network.test", To: "p@example.test", Subject: "No HTML", Text: "Only text.\nTwo lines ", MessageID: "<r1.d6.a1.abc@network.test>"},
		"empty text": {FromName: "Net", FromEmail: "team@network.test", To: "p@example.test", Subject: "", HTML: "<p>HTML only</p>", MessageID: "<r1.d7.a1.abc@network.test>"},
	}
	for name, m := range cases {
		t.Run(name, func(t *testing.T) {
			old := *m
			e, err := old.build()
			if err != nil {
				t.Fatal(err)
			}
			want := e.GetMessage()
			got, err := m.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(got), "\r\n") {
				if len(line) > 998 {
					t.Errorf("line %d is %d characters long", i+1, len(line))
				}
			}
			if strings.Contains(strings.ReplaceAll(string(got), "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(string(got), "\r\n", ""), "\r") {
				t.Errorf("bare CR or LF in the compiled form")
			}
			w, g := parseMail(t, want), parseMail(t, string(got))
			if !slices.Equal(w.keys, g.keys) {
				t.Errorf("header names: want %v, got %v", w.keys, g.keys)
			}
			for k, v := range w.headers {
				if g.headers[k] != v {
					t.Errorf("%s: want %q, got %q", k, v, g.headers[k])
				}
			}
			if len(w.parts) != len(g.parts) {
				t.Fatalf("want %d parts, got %d", len(w.parts), len(g.parts))
			}
			for i := range w.parts {
				if w.parts[i] != g.parts[i] {
					t.Errorf("part %d:\nwant %q\ngot  %q", i+1, w.parts[i], g.parts[i])
				}
			}
			if subject := g.headers["Subject"]; subject != m.Subject {
				t.Errorf("subject reads %q, want %q", subject, m.Subject)
			}
		})
	}
}

// TestCompiledMIMEKeepsWhatTheGeneralBuilderLost covers the two places where the forms
// differ in meaning, both in the compiled form's favour: the general builder deleted a
// tab in a name or subject, and sent a subject that contains an encoded word's syntax
// as it was, so that mail readers decoded it into other text.
func TestCompiledMIMEKeepsWhatTheGeneralBuilderLost(t *testing.T) {
	m := msg("ana@example.test")
	m.ToName, m.Subject = "Ana\tLima", "Hello\tAna =?utf-8?q?forged?= text"
	b, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	got := parseMail(t, string(b))
	if got.headers["Subject"] != m.Subject || got.headers["To"] != `"Ana\tLima" <ana@example.test>` {
		t.Errorf("subject %q, to %q", got.headers["Subject"], got.headers["To"])
	}
}

// TestCompiledMIMERefusesHeaderInjection keeps the refusals of the general builder.
func TestCompiledMIMERefusesHeaderInjection(t *testing.T) {
	for name, change := range map[string]func(*Message){
		"subject":     func(m *Message) { m.Subject = "Hi\r\nBcc: all@example.test" },
		"recipient":   func(m *Message) { m.To = "a@example.test\r\nRCPT TO:<b@example.test>" },
		"no sender":   func(m *Message) { m.FromEmail = "" },
		"unsubscribe": func(m *Message) { m.UnsubscribeURL = "https://x.test/u>\r\nBcc: b@example.test" },
	} {
		m := msg("ana@example.test")
		change(m)
		if b, err := m.Bytes(); err == nil {
			t.Errorf("%s: built %q", name, b)
		}
	}
}

type parsedMail struct {
	keys    []string
	headers map[string]string // decoded, and parsed where the header has a structure
	parts   []string          // each part's decoded headers and body
}

func parseMail(t *testing.T, raw string) parsedMail {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("%v in\n%s", err, raw)
	}
	out := parsedMail{headers: map[string]string{}}
	dec := new(mime.WordDecoder)
	var boundary string
	for k := range msg.Header {
		out.keys = append(out.keys, k)
		v := msg.Header.Get(k)
		switch k {
		case "Date":
			if _, err := mail.ParseDate(v); err != nil {
				t.Errorf("Date %q: %v", v, err)
			}
			v = "(a date)"
		case "From", "To", "Reply-To":
			a, err := mail.ParseAddress(v)
			if err != nil {
				t.Fatalf("%s %q: %v", k, v, err)
			}
			v = fmt.Sprintf("%q <%s>", a.Name, a.Address)
		case "Subject":
			if v, err = dec.DecodeHeader(v); err != nil {
				t.Fatalf("Subject: %v", err)
			}
		case "Content-Type":
			mt, params, err := mime.ParseMediaType(v)
			if err != nil {
				t.Fatalf("Content-Type %q: %v", v, err)
			}
			boundary = params["boundary"]
			delete(params, "boundary")
			v = fmt.Sprint(mt, params)
		}
		out.headers[k] = v
	}
	slices.Sort(out.keys)
	body, _ := io.ReadAll(msg.Body)
	if boundary == "" {
		out.parts = append(out.parts, decodePart(t, textproto.MIMEHeader(msg.Header), body))
		return out
	}
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		out.parts = append(out.parts, decodePart(t, p.Header, b))
	}
	return out
}

func decodePart(t *testing.T, h textproto.MIMEHeader, body []byte) string {
	t.Helper()
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		t.Fatalf("part Content-Type %q: %v", h.Get("Content-Type"), err)
	}
	cte := h.Get("Content-Transfer-Encoding")
	if cte != "quoted-printable" {
		t.Fatalf("part encoded %q", cte)
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		if len(sc.Text()) > 76 {
			t.Errorf("encoded line of %d characters", len(sc.Text()))
		}
	}
	decoded, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body)))
	if err != nil {
		t.Fatalf("quoted-printable: %v", err)
	}
	return fmt.Sprintf("%s charset=%s cte=%s\n%s", mt, params["charset"], cte, decoded)
}
