package compose

import (
	"context"
	"fmt"

	"commhub/backend/fault"
	"commhub/backend/mailer"
)

// TestSent reports a test send.
type TestSent struct {
	To        string `json:"to"`
	Subject   string `json:"subject"`
	MessageID string `json:"messageId"`
	// Status and Reason say whether the real send would reach this recipient.
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// TestSend renders the message as recipientID would get it and sends it to the
// manager's own address through the given SMTP account. The subject is marked [Test];
// it goes out even for a blocked recipient, so the user can check what they would see.
func (c *Compiled) TestSend(ctx context.Context, recipientID int64, to string, d mailer.Dialer, a mailer.Account) (TestSent, error) {
	if !validEmail(to) {
		return TestSent{}, fault.Invalidf("%q is not an email address: enter your own address for the test", to)
	}
	if err := checkLines(c.msg); err != nil {
		return TestSent{}, err
	}
	if c.msg.ReplyTo != "" && !validEmail(c.msg.ReplyTo) {
		return TestSent{}, fault.Invalidf("replyTo: the reply-to address %q is not an email address: correct it in the message", c.msg.ReplyTo)
	}
	p, err := c.Preview(ctx, recipientID)
	if err != nil {
		return TestSent{}, err
	}
	r, _, err := c.decideOne(ctx, c.Kind(), recipientID, true)
	if err != nil {
		return TestSent{}, err
	}
	from, fromName := c.msg.FromEmail, c.msg.FromName
	if from == "" {
		from = c.settings.DefaultFromEmail
	}
	if fromName == "" {
		fromName = c.settings.DefaultFromName
	}
	msg := &mailer.Message{
		FromName: fromName, FromEmail: from, ReplyTo: c.msg.ReplyTo, To: to, ToName: "",
		Subject: "[Test] " + p.Subject, HTML: p.HTML, Text: p.Text, UnsubscribeURL: c.unsubscribeURL(r),
	}
	msg.MessageID = mailer.NewMessageID(fmt.Sprintf("test.m%d", c.msg.ID), firstNonEmpty(from, a.FromEmail))
	if err := mailer.SendOne(ctx, d, a, msg); err != nil {
		return TestSent{}, err
	}
	return TestSent{To: to, Subject: msg.Subject, MessageID: msg.MessageID, Status: p.Status, Reason: p.Reason}, nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
