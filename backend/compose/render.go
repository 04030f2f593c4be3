package compose

import (
	"context"
	"strings"

	"commhub/backend/fault"
)

// Rendered is one recipient's email, ready for the mailer.
type Rendered struct {
	To             string `json:"to"`
	ToName         string `json:"toName"`
	Subject        string `json:"subject"`
	HTML           string `json:"html"`
	Text           string `json:"text"`
	UnsubscribeURL string `json:"unsubscribeUrl"`
}

// Render builds the email of one recipient. It decides first, against the database as
// it is now, and refuses a recipient who is blocked or skipped: no code path renders a
// sendable email for an ineligible recipient.
func (c *Compiled) Render(ctx context.Context, kind string, id int64) (Rendered, error) {
	r, d, err := c.decideOne(ctx, kind, id, true)
	if err != nil {
		return Rendered{}, err
	}
	if d.Status != StatusOK {
		return Rendered{}, fault.Conflictf("%s %d (%s) does not receive message %d: %s, %s", d.Kind, d.ID, d.Name, c.msg.ID, d.Status, d.Reason)
	}
	return c.fill(r), nil
}

// fill renders the three parts for a loaded recipient; only macros are filled here.
func (c *Compiled) fill(r *recipient) Rendered {
	v := c.valuesFor(r)
	return Rendered{
		To: r.Email, ToName: headerSafeName(r.Name), Subject: c.subject.Render(v),
		HTML: c.html.Render(v), Text: c.text.Render(v), UnsubscribeURL: v.unsub,
	}
}

// headerSafeName keeps a display name on one header line.
func headerSafeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)
}

// Preview is what the preview pane shows for one recipient: the exact parts that would
// be sent, and whether they will be.
type Preview struct {
	Kind    string  `json:"kind"`
	ID      int64   `json:"id"`
	Name    string  `json:"name"`
	Email   string  `json:"email"`
	Subject string  `json:"subject"`
	HTML    string  `json:"html"`
	Text    string  `json:"text"`
	Status  string  `json:"status"`
	Reason  string  `json:"reason"`
	Blocked []int64 `json:"blockedOffers"`
}

// Preview renders the message for one recipient whatever the decision, so the user can
// see what a blocked partner would have received and why they will not.
func (c *Compiled) Preview(ctx context.Context, id int64) (Preview, error) {
	r, d, err := c.decideOne(ctx, c.Kind(), id, true)
	if err != nil {
		return Preview{}, err
	}
	if !r.Found {
		return Preview{}, fault.NotFoundf("%s %d does not exist: pick another recipient", c.Kind(), id)
	}
	out := c.fill(r)
	return Preview{Kind: d.Kind, ID: id, Name: r.Name, Email: r.Email, Subject: out.Subject, HTML: out.HTML, Text: out.Text,
		Status: d.Status, Reason: d.Reason, Blocked: d.BlockedOffers}, nil
}
