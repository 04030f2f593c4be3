package mailer

import (
	"crypto/rand"
	"encoding/hex"
	"net/mail"
	"strings"
	"time"
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
	return "<" + tag + "." + NewToken() + "@" + MessageIDDomain(fromEmail) + ">"
}

// NewToken returns 16 random hex digits for the unique part of Message-IDs.
func NewToken() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // the OS random source does not fail on supported systems
	}
	return hex.EncodeToString(b[:])
}

// MessageIDDomain is the right-hand side of the Message-IDs of mail from fromEmail.
func MessageIDDomain(fromEmail string) string {
	if at := strings.LastIndexByte(fromEmail, '@'); at >= 0 && at < len(fromEmail)-1 {
		return fromEmail[at+1:]
	}
	return "commhub.invalid"
}

func address(name, email string) string {
	return (&mail.Address{Name: name, Address: email}).String()
}

// Bytes renders the message as it goes on the wire, dated now (benchmarks use it to
// pre-render their baselines' input).
func (m *Message) Bytes() ([]byte, error) {
	s, err := newSkeleton(m.FromName, m.FromEmail, m.ReplyTo)
	if err != nil {
		return nil, err
	}
	b, _, err := s.appendMessage(nil, m, Date(time.Now()))
	return b, err
}
