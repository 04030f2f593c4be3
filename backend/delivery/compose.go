package delivery

import (
	"context"
	"time"

	"gorm.io/gorm"

	"commhub/backend/compose"
	"commhub/backend/fault"
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
		AudienceID: m.Recipients.AudienceID}
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

// Render lets the composer decide and render in one pass; only when it refuses does
// it ask for the decision, to log why.
func (s composeSource) Render(ctx context.Context, kind string, id int64) (Content, error) {
	r, err := s.c.Render(ctx, kind, id)
	if err != nil {
		if fault.KindOf(err) == fault.Conflict {
			if d, derr := s.c.Decide(ctx, kind, id); derr == nil && d.Status != compose.StatusOK {
				return Content{}, &Ineligible{Decision: recipientOf(d)}
			}
		}
		return Content{}, err
	}
	return Content{To: r.To, ToName: r.ToName, Subject: r.Subject, HTML: r.HTML, Text: r.Text, UnsubscribeURL: r.UnsubscribeURL}, nil
}
