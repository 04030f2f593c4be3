package delivery

import (
	"errors"
	"strings"
	"testing"
	"time"

	"commhub/backend/mailer"
	"commhub/backend/model"
)

// TestOutcomeOfSMTPFailures checks the decision every failed attempt goes through:
// retry, fail, suppress or ask the user.
func TestOutcomeOfSMTPFailures(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	backoff := func(tries int) time.Duration { return time.Duration(tries) * time.Minute }
	d := model.Delivery{ID: 9, Email: "Pat@Example.test", Tries: 1}
	cases := []struct {
		name     string
		err      error
		status   string
		tries    int
		next     bool
		suppress bool
		reason   string
	}{
		{"answer lost after the whole message", &mailer.Error{Reply: "timeout", Temporary: true, Ambiguous: true}, model.DeliveryUnknown, 1, false, false, "check whether it arrived"},
		{"busy mailbox", &mailer.Error{Code: 450, Reply: "450 mailbox busy", Temporary: true}, model.DeliveryQueued, 2, true, false, "will retry at 10:02:00 after: 450 mailbox busy"},
		{"busy once too often", &mailer.Error{Code: 450, Reply: "450 mailbox busy", Temporary: true}, model.DeliveryFailed, 3, false, false, "gave up after 3 tries: 450"},
		{"no such user", &mailer.Error{Code: 550, Reply: "550 5.1.1 no such user", NoSuchUser: true}, model.DeliveryFailed, 2, false, true, "550 5.1.1"},
		{"refused as spam", &mailer.Error{Code: 554, Reply: "554 5.7.1 spam"}, model.DeliveryFailed, 2, false, false, "554 5.7.1 spam"},
		{"not an SMTP error", errors.New("boom"), model.DeliveryFailed, 2, false, false, "boom"},
	}
	for _, c := range cases {
		max := 6
		if c.name == "busy once too often" {
			d.Tries, max = 2, 3
		} else {
			d.Tries = 1
		}
		o := outcomeOf(d, c.err, 4, now, max, backoff)
		if o.Status != c.status || o.Tries != c.tries || (o.NextAt != nil) != c.next || (o.Suppress != nil) != c.suppress || !strings.Contains(o.Reason, c.reason) {
			t.Errorf("%s: %+v", c.name, o)
		}
		if o.Suppress != nil && (o.Suppress.Email != "pat@example.test" || o.Suppress.Reason != model.SuppressBounced || !strings.Contains(o.Suppress.Note, "run 4")) {
			t.Errorf("%s: suppression %+v", c.name, o.Suppress)
		}
	}
}
