package mailer

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// The wire form of a message is built here rather than by go-simple-mail's general
// builder: what every message of a run shares (sender, Reply-To, MIME structure, part
// headers) is laid out once in a skeleton, and per recipient only the slots (To,
// Subject, Date, Message-ID, List-Unsubscribe, the two bodies) are written into a
// reused buffer. The general builder cost more than the SMTP conversation itself: it
// runs a regular expression over every HTML body looking for inline images, which
// these messages never have, and assembles headers and parts through maps and
// intermediate strings. The result means the same to a mail reader (a test parses
// both forms back and compares them).

// skeleton is the fixed part of every message from one sender.
type skeleton struct {
	fromName, fromEmail, replyTo string

	envelopeFrom string
	// fixed is the headers that never change: MIME-Version, From, Reply-To.
	fixed []byte
	// boundary separates the text and HTML parts; chosen at random once, and checked
	// against each message's encoded bodies.
	boundary string
}

func newSkeleton(fromName, fromEmail, replyTo string) (*skeleton, error) {
	if fromEmail == "" {
		return nil, fmt.Errorf("no sender address: set From in the message or the SMTP profile")
	}
	from, err := mail.ParseAddress(fromEmail)
	if err != nil || from.Address != fromEmail {
		return nil, fmt.Errorf("the sender address %q is not valid: fix From in the message or the SMTP profile", fromEmail)
	}
	s := &skeleton{fromName: fromName, fromEmail: fromEmail, replyTo: replyTo, envelopeFrom: from.Address, boundary: newBoundary()}
	b := []byte("MIME-Version: 1.0\r\n")
	b = appendHeader(b, "From", address(fromName, fromEmail))
	if replyTo != "" {
		rt, err := mail.ParseAddress(replyTo)
		if err != nil {
			return nil, fmt.Errorf("the Reply-To address %q is not valid: %v", replyTo, err)
		}
		b = appendHeader(b, "Reply-To", rt.String())
	}
	s.fixed = b
	return s, nil
}

func (s *skeleton) fits(m *Message) bool {
	return s.fromName == m.FromName && s.fromEmail == m.FromEmail && s.replyTo == m.ReplyTo
}

func newBoundary() string {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // the OS random source does not fail on supported systems
	}
	return hex.EncodeToString(b[:])
}

// appendMessage appends m's wire form to buf and returns it with the envelope
// recipient. date is the Date header's value.
func (s *skeleton) appendMessage(buf []byte, m *Message, date string) ([]byte, string, error) {
	if m.To == "" {
		return buf, "", fmt.Errorf("no recipient address")
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return buf, "", fmt.Errorf("the recipient address %q is not valid: %v", m.To, err)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return buf, "", fmt.Errorf("the subject contains a line break")
	}
	if strings.ContainsAny(m.MessageID, "\r\n") || strings.ContainsAny(m.UnsubscribeURL, "\r\n<>") {
		return buf, "", fmt.Errorf("the Message-ID or unsubscribe link of the email to %s contains a line break or angle bracket", m.To)
	}
	if m.MessageID == "" {
		m.MessageID = NewMessageID("m", m.FromEmail)
	}
	buf = append(buf, s.fixed...)
	buf = appendHeader(buf, "Date", date)
	buf = appendHeader(buf, "Message-Id", m.MessageID)
	buf = appendHeader(buf, "To", address(m.ToName, to.Address))
	buf = appendHeader(buf, "Subject", encodeSubject(m.Subject))
	if m.UnsubscribeURL != "" {
		buf = appendHeader(buf, "List-Unsubscribe", "<"+m.UnsubscribeURL+">")
		buf = append(buf, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"...)
	}
	text := m.Text
	if text == "" {
		text = " "
	}
	if m.HTML == "" {
		buf = append(buf, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"...)
		return appendQP(buf, text), to.Address, nil
	}
	head := len(buf)
	for {
		buf = buf[:head]
		buf = append(buf, "Content-Type: multipart/alternative;\r\n boundary="...)
		buf = append(buf, s.boundary...)
		buf = append(buf, "\r\n\r\n"...)
		body := len(buf)
		buf = s.appendPart(buf, "text/plain", text)
		buf = s.appendPart(buf, "text/html", m.HTML)
		buf = append(buf, "--"...)
		buf = append(buf, s.boundary...)
		buf = append(buf, "--\r\n"...)
		// A boundary must not occur inside the parts; with 192 random bits it never
		// does by chance, but a body could be made to contain a boundary it has seen.
		if bytes.Count(buf[body:], []byte(s.boundary)) == 3 {
			break
		}
		s.boundary = newBoundary()
	}
	return buf, to.Address, nil
}

func (s *skeleton) appendPart(buf []byte, contentType, body string) []byte {
	buf = append(buf, "--"...)
	buf = append(buf, s.boundary...)
	buf = append(buf, "\r\nContent-Type: "...)
	buf = append(buf, contentType...)
	buf = append(buf, "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"...)
	buf = appendQP(buf, body)
	return append(buf, "\r\n"...)
}

// maxHeaderLine is where header lines are folded (RFC 5322 recommends 78 characters).
const maxHeaderLine = 76

// appendHeader writes "Name: value" and folds it at spaces between words so that no
// line is longer than maxHeaderLine where a space allows; unfolding gives back value.
func appendHeader(buf []byte, name, value string) []byte {
	buf = append(buf, name...)
	buf = append(buf, ": "...)
	line := len(name) + 2
	for len(value) > 0 {
		word := value
		if i := strings.IndexByte(value[1:], ' '); i >= 0 {
			word = value[:i+1]
		}
		value = value[len(word):]
		// word starts with the space that separates it from the previous word (except
		// the first); fold there when the line would grow too long, and only where the
		// space stands alone, so that unfolding restores it exactly.
		if line+len(word) > maxHeaderLine && len(word) > 1 && word[0] == ' ' && word[1] != ' ' && line > len(name)+2 {
			buf = append(buf, "\r\n"...)
			line = 0
		}
		buf = append(buf, word...)
		line += len(word)
	}
	return append(buf, "\r\n"...)
}

// encodeSubject leaves a plain subject as it is and encodes any other (non-ASCII,
// control characters, text that would read as an encoded word, words too long to
// fold) as UTF-8 encoded words.
func encodeSubject(s string) string {
	plain := !strings.Contains(s, "=?")
	run := 0
	for i := 0; plain && i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			run = 0
		case c < 0x20 || c >= 0x7f:
			plain = false
		default:
			run++
			plain = run < maxHeaderLine-len("Subject: ")
		}
	}
	if plain {
		return s
	}
	return encodeWords(s)
}

// wordBytes is how much text goes into one encoded word: its base64 form plus
// "=?UTF-8?B?" and "?=" stays within the 75 characters RFC 2047 allows.
const wordBytes = 45

// encodeWords writes s as base64 encoded words separated by spaces (where the header
// may be folded), never splitting a character between two words. Unlike the standard
// library's encoder it always encodes, so text such as "=?x?q?y?=" reads back as
// itself.
func encodeWords(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		n := min(len(s), wordBytes)
		for n < len(s) && n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		if n == 0 {
			n = min(len(s), wordBytes)
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("=?UTF-8?B?")
		b.WriteString(base64.StdEncoding.EncodeToString([]byte(s[:n])))
		b.WriteString("?=")
		s = s[n:]
	}
	return b.String()
}

// Date formats the Date header of a message sent at t.
func Date(t time.Time) string { return t.Format(time.RFC1123Z) }

const upperHex = "0123456789ABCDEF"

// qpLine is the longest encoded line before a soft line break ("=") is needed.
const qpLine = 75

// appendQP appends s in quoted-printable (RFC 2045) as mime/quotedprintable writes
// text: every line break (CRLF, LF or CR) becomes CRLF, spaces and tabs at the end of
// a line are encoded, lines are broken with a soft break before 76 characters.
func appendQP(buf []byte, s string) []byte {
	line := 0
	put := func(enc bool, c byte) {
		n := 1
		if enc {
			n = 3
		}
		if line+n > qpLine {
			buf = append(buf, "=\r\n"...)
			line = 0
		}
		if enc {
			buf = append(buf, '=', upperHex[c>>4], upperHex[c&15])
		} else {
			buf = append(buf, c)
		}
		line += n
	}
	// endLine encodes a literal space or tab that would end a line.
	endLine := func() {
		if line == 0 {
			return
		}
		if c := buf[len(buf)-1]; c == ' ' || c == '\t' {
			buf = buf[:len(buf)-1]
			line--
			put(true, c)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\r' || c == '\n':
			if c == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			endLine()
			buf = append(buf, "\r\n"...)
			line = 0
		case c == '=':
			put(true, c)
		case c == ' ' || c == '\t' || (c >= '!' && c <= '~'):
			put(false, c)
		default:
			put(true, c)
		}
	}
	endLine()
	return buf
}
