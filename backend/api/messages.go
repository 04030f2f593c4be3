package api

import (
	"context"

	"commhub/backend/compose"
	"commhub/backend/macro"
	"commhub/backend/model"
	"commhub/backend/schedule"
	appsettings "commhub/backend/settings"
)

// Messages composes, checks and previews messages. Business rules live in compose; this
// is the facade the editor talks to.
type Messages struct {
	deps Deps
	// kit holds the SMTP profiles and their passwords, shared with the SMTP service.
	kit *deliveryKit
	// sched fires scheduled sends; the host runs it.
	sched *schedule.Scheduler
}

// eligibilityListLimit caps each blocked/skipped list returned to the UI; counts stay exact.
const eligibilityListLimit = 2000

// NewDraft returns an unsaved message of kind ("general" or "offer_details") filled
// with the defaults from Settings.
func (s *Messages) NewDraft(kind string) (model.Message, error) {
	st, err := appsettings.Load(s.deps.Store.DB)
	if err != nil {
		return model.Message{}, err
	}
	m := compose.Normalize(model.Message{Kind: kind, FromName: st.DefaultFromName, FromEmail: st.DefaultFromEmail,
		ReplyTo: st.DefaultReplyTo, Body: "<p>Hi {partner_first_name|there},</p><p></p>"})
	return m, nil
}

// Save stores a draft (new when id is 0) and returns its ID. Drafts save with problems.
// A scheduled message is frozen: a save that changes it takes it back to draft first and
// says so with a "message.unscheduled" event.
func (s *Messages) Save(draft model.Message) (int64, error) {
	changed, err := s.beforeSave(draft)
	if err != nil {
		return 0, err
	}
	id, err := compose.Save(context.Background(), s.deps.Store.DB, draft, s.deps.Now())
	if err == nil && changed {
		s.recordSave(id, draft.ID == 0)
	}
	return id, err
}

// Get returns a stored message.
func (s *Messages) Get(id int64) (model.Message, error) {
	return compose.Get(context.Background(), s.deps.Store.DB, id)
}

// List returns every message, most recently changed first.
func (s *Messages) List() ([]compose.Summary, error) {
	return compose.List(context.Background(), s.deps.Store.DB)
}

// Duplicate copies a message into a new draft and returns its ID.
func (s *Messages) Duplicate(id int64) (int64, error) {
	return compose.Duplicate(context.Background(), s.deps.Store.DB, id, s.deps.Now())
}

// Delete removes a message that is not being sent.
func (s *Messages) Delete(id int64) error {
	return compose.Delete(context.Background(), s.deps.Store.DB, id)
}

// Validate checks a draft without saving it and returns every problem with its field
// and, for subject and body, its line and column.
func (s *Messages) Validate(draft model.Message) ([]macro.Problem, error) {
	probs, err := compose.Validate(context.Background(), s.deps.Store.DB, draft, s.deps.Now())
	if probs == nil {
		probs = []macro.Problem{}
	}
	return probs, err
}

// Macros lists every macro with its description, example value and where it works.
func (s *Messages) Macros() ([]macro.Def, error) {
	return macro.Registry(), nil
}

// Preview renders a stored message for one recipient: the exact subject, HTML and text
// that would be sent, and whether it will be (ok, blocked or skipped, with the reason).
func (s *Messages) Preview(messageID, recipientID int64) (compose.Preview, error) {
	c, err := s.compile(messageID)
	if err != nil {
		return compose.Preview{}, err
	}
	return c.Preview(context.Background(), recipientID)
}

// Eligibility decides every recipient of a stored message: how many receive it, and
// who is blocked (with the offers) or skipped (with the reason).
func (s *Messages) Eligibility(messageID int64) (compose.Eligibility, error) {
	c, err := s.compile(messageID)
	if err != nil {
		return compose.Eligibility{}, err
	}
	return c.Summarize(context.Background(), eligibilityListLimit)
}

// Recipients pages through a stored message's recipients with their decisions; query
// matches a name or email (substring) or an ID (exact).
func (s *Messages) Recipients(messageID int64, query string, offset, limit int) (compose.Page, error) {
	c, err := s.compile(messageID)
	if err != nil {
		return compose.Page{}, err
	}
	return c.Browse(context.Background(), query, offset, limit)
}

// TestSend sends the message as recipientID would receive it to the address to, through
// the message's SMTP profile (or the default one), with the subject marked [Test].
func (s *Messages) TestSend(messageID, recipientID int64, to string) (compose.TestSent, error) {
	c, err := s.compile(messageID)
	if err != nil {
		return compose.TestSent{}, err
	}
	var profileID int64
	if p := c.Message().SMTPProfileID; p != nil {
		profileID = *p
	}
	acct, err := s.kit.profiles.Account(profileID)
	if err != nil {
		return compose.TestSent{}, err
	}
	return c.TestSend(context.Background(), recipientID, to, s.kit.dialer, acct)
}

func (s *Messages) compile(messageID int64) (*compose.Compiled, error) {
	ctx := context.Background()
	m, err := compose.Get(ctx, s.deps.Store.DB, messageID)
	if err != nil {
		return nil, err
	}
	return compose.CompileMessage(ctx, s.deps.Store.DB, m, s.deps.Now())
}
