package mailer

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"

	simple "github.com/xhit/go-simple-mail/v2"
)

// Message is one fully rendered email.
type Message struct {
	FromName, FromEmail string
	ReplyTo             string
	ToName, To          string
	Subject             string
	HTML, Text          string
	// UnsubscribeURL goes into List-Unsubscribe with one-click List-Unsubscribe-Post.
	UnsubscribeURL string
	// MessageID is the Message-ID header including angle brackets; NewMessageID makes one.
	MessageID string
}

// NewMessageID returns a globally unique Message-ID for a message from fromEmail.
// The tag (e.g. "r12.d3456") ties it to a delivery row, the random part makes it unique
// across attempts and installations.
func NewMessageID(tag, fromEmail string) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // the OS random source does not fail on supported systems
	}
	domain := "commhub.invalid"
	if at := strings.LastIndexByte(fromEmail, '@'); at >= 0 && at < len(fromEmail)-1 {
		domain = fromEmail[at+1:]
	}
	return fmt.Sprintf("<%s.%s@%s>", tag, hex.EncodeToString(b[:]), domain)
}

func address(name, email string) string {
	return (&mail.Address{Name: name, Address: email}).String()
}

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

// Bytes renders the message as it would go on the wire (benchmarks use it to
// pre-render a baseline).
func (m *Message) Bytes() (string, error) {
	e, err := m.build()
	if err != nil {
		return "", err
	}
	return e.GetMessage(), nil
}
