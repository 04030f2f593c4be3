package delivery

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"commhub/backend/mailer"
	"commhub/backend/model"
)

// outcome is what became of one row: its next status, why, the retry budget spent and
// when it may be tried again. A hard bounce also adds the address to the suppression
// list, in the same transaction as the row's change.
type outcome struct {
	Status string
	Reason string
	// Tries is the row's count of transient failures after this outcome.
	Tries int
	// NextAt is when a queued row may go again; nil means as soon as possible.
	NextAt *time.Time
	// Suppress, when set, is added to the suppression list (unless already there).
	Suppress *model.Suppression
	// Attempt is the Message-ID of the attempt that ended this way; empty when the
	// row was settled without one. An attempt counts in the row's attempts.
	Attempt string
}

// settled is an outcome reached before any attempt (no longer eligible, suppressed
// since the snapshot, cannot render): the retry budget is untouched.
func settled(d model.Delivery, status, reason string) outcome {
	return outcome{Status: status, Reason: reason, Tries: d.Tries}
}

// outcomeOf turns an SMTP failure of one attempt into the row's next status. A reply
// that may hide an acceptance is `unknown` (never sent again without the user's say);
// a temporary one is retried with back-off until maxTries; a permanent one fails, and
// a "no such user" also suppresses the address for later sends.
func outcomeOf(d model.Delivery, err error, runID int64, now time.Time, maxTries int, backoff func(int) time.Duration) outcome {
	e := mailer.AsError(err)
	tries := d.Tries + 1
	switch {
	case e.Ambiguous:
		return outcome{Status: model.DeliveryUnknown, Tries: d.Tries,
			Reason: e.Reply + ": check whether it arrived, then mark it sent or send it again"}
	case e.Temporary && tries < maxTries:
		next := now.Add(backoff(tries))
		return outcome{Status: model.DeliveryQueued, Tries: tries, NextAt: &next,
			Reason: fmt.Sprintf("will retry at %s after: %s", next.Format("15:04:05"), e.Reply)}
	case e.Temporary:
		return outcome{Status: model.DeliveryFailed, Tries: tries,
			Reason: fmt.Sprintf("gave up after %s: %s", describeTries(tries), e.Reply)}
	}
	o := outcome{Status: model.DeliveryFailed, Tries: tries, Reason: e.Reply}
	if e.NoSuchUser {
		o.Suppress = &model.Suppression{Email: strings.ToLower(d.Email), Reason: model.SuppressBounced, At: now,
			Note: fmt.Sprintf("run %d: %s", runID, e.Reply)}
	}
	return o
}

const (
	sqlOutcome        = "UPDATE deliveries SET status = ?, reason = ?, tries = ?, next_at = ?, updated_at = ? WHERE id = ?"
	sqlAttemptOutcome = "UPDATE deliveries SET status = ?, reason = ?, tries = ?, next_at = ?, updated_at = ?, " +
		"attempts = attempts + 1, message_id_header = ? WHERE id = ?"
)

// apply writes the outcome of row id inside the writer's transaction.
func (o outcome) apply(tx *gorm.DB, id int64, now time.Time) error {
	if o.Suppress != nil {
		if err := tx.Where("email = ?", o.Suppress.Email).FirstOrCreate(o.Suppress).Error; err != nil {
			return err
		}
	}
	var next any
	if o.NextAt != nil {
		next = o.NextAt.UTC()
	}
	if o.Attempt != "" {
		_, err := execFast(tx, sqlAttemptOutcome, o.Status, o.Reason, o.Tries, next, now, o.Attempt, id)
		return err
	}
	_, err := execFast(tx, sqlOutcome, o.Status, o.Reason, o.Tries, next, now, id)
	return err
}
