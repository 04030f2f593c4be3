// Package delivery sends a message to its recipients: it snapshots them into Delivery
// rows in one transaction, then workers claim rows, render, send over reused SMTP
// connections within each profile's rate limits, and log every outcome. Every attempt is
// journaled before its SMTP transaction starts, so after a crash the rows that may have
// reached the server are known and are never sent again without the user's say.
package delivery

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Recipient decision statuses, as the composer reports them.
const (
	DecisionOK      = "ok"
	DecisionBlocked = "blocked"
	DecisionSkipped = "skipped"
)

// Recipient is one addressee with the composer's decision about it.
type Recipient struct {
	Kind   string // partner|advertiser|employee
	ID     int64
	Name   string
	Email  string
	Status string // ok|blocked|skipped
	Reason string
}

// Content is one rendered email.
type Content struct {
	To, ToName, Subject, HTML, Text, UnsubscribeURL string
}

// Source is what the engine needs from a compiled message; compose.Compiled provides it
// through the adapter in compose.go, tests use fakes.
type Source interface {
	// Recipients streams every recipient with its decision (the snapshot).
	Recipients(ctx context.Context, fn func(Recipient) error) error
	// Render re-checks a batch of recipients of one kind against the database as it is
	// now (approvals change between snapshot and send) and fills their messages. fn is
	// called once per id, in order, with the content or an error: *Ineligible for a
	// recipient who is no longer eligible.
	Render(ctx context.Context, kind string, ids []int64, fn func(id int64, c Content, err error) error) error
}

// Ineligible is Render's refusal: the recipient is now blocked or skipped.
type Ineligible struct{ Decision Recipient }

func (e *Ineligible) Error() string {
	return fmt.Sprintf("%s %d is %s: %s", e.Decision.Kind, e.Decision.ID, e.Decision.Status, e.Decision.Reason)
}

// Header is what a run needs to know about its message besides the per-recipient parts.
type Header struct {
	MessageID int64
	Subject   string
	FromName  string
	FromEmail string
	ReplyTo   string
	// ProfileID is the SMTP profile the message chose; 0 means the default profile.
	ProfileID int64
	// AudienceID is the saved audience the message goes to, if any: the snapshot records
	// its use (count and time) for the audience list's ranking.
	AudienceID *int64
	// Revision is the stored revision of the message the source was compiled from.
	Revision int64
}

// Messages is the composer's side of a send: the messages table is the composer's, so
// the engine asks it to change a message's state instead of writing the table itself.
type Messages interface {
	// StartSending marks the message as being sent inside tx, the transaction that
	// records the run, provided revision is still the stored one (ErrMessageChanged if not).
	StartSending(tx *gorm.DB, messageID, revision int64) error
	// SetStatus records where sending left the message (sent, or ready again).
	SetStatus(db *gorm.DB, messageID int64, status string) error
}

// Opener compiles a message into a Source once per run.
type Opener func(ctx context.Context, db *gorm.DB, messageID int64, now time.Time) (Source, Header, error)
