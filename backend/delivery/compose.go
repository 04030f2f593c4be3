package delivery

import (
	"context"
	"time"

	"gorm.io/gorm"

	"commhub/backend/compose"
)

// ComposeOpener compiles a stored message with the composer: theme, CSS inlining and
// macro parsing happen once per run, then each recipient only fills macros.
func ComposeOpener(ctx context.Context, db *gorm.DB, messageID int64, now time.Time) (Source, Header, error) {
	c, err := compose.Compile(ctx, db, messageID, now)
	if err != nil {
		return nil, Header{}, err
	}
	m := c.Message()
	h := Header{MessageID: m.ID, Subject: m.Subject, FromName: m.FromName, FromEmail: m.FromEmail, ReplyTo: m.ReplyTo,
		AudienceID: m.Recipients.AudienceID, Revision: m.Revision}
	if m.SMTPProfileID != nil {
		h.ProfileID = *m.SMTPProfileID
	}
	return composeSource{c}, h, nil
}

type composeSource struct{ c *compose.Compiled }

func recipientOf(d compose.Decision) Recipient {
	return Recipient{Kind: d.Kind, ID: d.ID, Name: d.Name, Email: d.Email, Status: d.Status, Reason: d.Reason}
}

func (s composeSource) Recipients(ctx context.Context, fn func(Recipient) error) error {
	return s.c.Recipients(ctx, func(d compose.Decision) error { return fn(recipientOf(d)) })
}

// Render lets the composer decide and render a whole batch with one load.
func (s composeSource) Render(ctx context.Context, kind string, ids []int64, fn func(int64, Content, error) error) error {
	return s.c.RenderEach(ctx, kind, ids, func(d compose.Decision, r *compose.Rendered) error {
		if r == nil {
			return fn(d.ID, Content{}, &Ineligible{Decision: recipientOf(d)})
		}
		return fn(d.ID, Content{To: r.To, ToName: r.ToName, Subject: r.Subject, HTML: r.HTML, Text: r.Text, UnsubscribeURL: r.UnsubscribeURL}, nil)
	})
}

// ErrMessageChanged says the message was saved after the revision a send compiled.
var ErrMessageChanged = compose.ErrChanged

// ComposeMessages lets the composer change the state of the messages it owns.
type ComposeMessages struct{}

// StartSending implements Messages.
func (ComposeMessages) StartSending(tx *gorm.DB, messageID, revision int64) error {
	return compose.StartSending(tx, messageID, revision)
}

// SetStatus implements Messages.
func (ComposeMessages) SetStatus(db *gorm.DB, messageID int64, status string) error {
	return compose.SetStatus(db, messageID, status)
}
