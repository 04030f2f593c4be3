package delivery

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"commhub/backend/mailer"
	"commhub/backend/model"
)

// worker owns one SMTP connection and sends the rows it is handed, one at a time.
func (r *runner) worker(jobs <-chan model.Delivery, wg *sync.WaitGroup) {
	defer wg.Done()
	var conn *mailer.Conn
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	for d := range jobs {
		conn = r.handle(d, conn)
	}
}

// handle takes one row from queued to its next status. Until the row is marked
// `sending` nothing about it is written, so a halt or a connection failure before that
// point simply leaves it queued.
func (r *runner) handle(d model.Delivery, conn *mailer.Conn) *mailer.Conn {
	conn, ok := r.connect(conn)
	if !ok || r.lim.Wait(r.ctx) != nil {
		r.release(d.ID)
		return conn
	}
	if status, reason, err := r.recheck(d); err != nil || status != "" {
		if err != nil {
			status, reason = model.DeliveryFailed, "cannot re-check the recipient: "+err.Error()
		}
		r.update(d, model.DeliveryQueued, map[string]any{"status": status, "reason": reason, "next_at": nil})
		return conn
	}
	msg, err := r.render(d)
	var no *Ineligible
	if errors.As(err, &no) {
		status := model.DeliverySkipped
		if no.Decision.Status == DecisionBlocked {
			status = model.DeliveryBlocked
		}
		r.update(d, model.DeliveryQueued, map[string]any{"status": status, "reason": no.Decision.Reason, "next_at": nil})
		return conn
	}
	if err != nil {
		r.update(d, model.DeliveryQueued, map[string]any{"status": model.DeliveryFailed, "reason": "cannot render: " + err.Error(), "next_at": nil})
		return conn
	}
	if !r.markSending(d, msg.MessageID) {
		r.release(d.ID)
		return conn
	}
	r.record(d, conn.Send(msg))
	return conn
}

// connect returns a live connection, reconnecting with back-off while the server is
// unreachable. A login or TLS failure, or a server down for longer than MaxDown, pauses
// the run with a note instead of failing recipients who did nothing wrong.
func (r *runner) connect(conn *mailer.Conn) (*mailer.Conn, bool) {
	if conn != nil && conn.Alive() {
		return conn, true
	}
	for tries := 1; ; tries++ {
		if r.ctx.Err() != nil {
			return nil, false
		}
		c, err := r.e.cfg.Dialer.Dial(r.ctx, r.acct)
		if err == nil {
			r.mu.Lock()
			r.downSince = time.Time{}
			r.mu.Unlock()
			return c, true
		}
		e := mailer.AsError(err)
		if !e.Temporary {
			r.halt(exitPaused, fmt.Sprintf("paused: SMTP profile %q cannot connect (%s): fix the profile, then resume", r.acct.Name, e.Reply))
			return nil, false
		}
		r.mu.Lock()
		if r.downSince.IsZero() {
			r.downSince = r.e.cfg.Now()
		}
		down := r.e.cfg.Now().Sub(r.downSince)
		r.mu.Unlock()
		if down > r.e.cfg.MaxDown {
			r.halt(exitPaused, fmt.Sprintf("paused: the SMTP server of profile %q has been unreachable for %s (%s): resume when it is back", r.acct.Name, down.Round(time.Second), e.Reply))
			return nil, false
		}
		select {
		case <-r.ctx.Done():
			return nil, false
		case <-time.After(r.backoff(tries)):
		}
	}
}

// recheck applies the suppression list as it is now (a bounce or an unsubscribe during
// the run); the composer's own re-check (approvals) happens in Render.
func (r *runner) recheck(d model.Delivery) (string, string, error) {
	var sup model.Suppression
	if err := r.e.cfg.DB.Where("email = ?", strings.ToLower(d.Email)).Limit(1).Find(&sup).Error; err != nil {
		return "", "", err
	}
	if sup.Email != "" {
		return model.DeliverySkipped, "suppressed: " + sup.Reason, nil
	}
	return "", "", nil
}

func (r *runner) render(d model.Delivery) (*mailer.Message, error) {
	c, err := r.src.Render(r.ctx, d.Kind, d.RecipientID)
	if err != nil {
		return nil, err
	}
	to := c.To
	if to == "" {
		to = d.Email
	}
	subject := c.Subject
	if subject == "" {
		subject = r.h.Subject
	}
	return &mailer.Message{FromName: r.h.FromName, FromEmail: r.h.FromEmail, ReplyTo: r.h.ReplyTo,
		ToName: c.ToName, To: to, Subject: subject, HTML: c.HTML, Text: c.Text, UnsubscribeURL: c.UnsubscribeURL,
		MessageID: mailer.NewMessageID(fmt.Sprintf("r%d.d%d.a%d", r.run.ID, d.ID, d.Attempts+1), r.h.FromEmail)}, nil
}

// markSending commits the row as `sending` before a byte goes to the server. It fails
// when the row is no longer queued (cancelled meanwhile).
func (r *runner) markSending(d model.Delivery, messageID string) bool {
	var n int64
	err := r.e.w.Do(func(tx *gorm.DB) error {
		res := tx.Model(&model.Delivery{}).Where("id = ? AND status = ?", d.ID, model.DeliveryQueued).
			Updates(map[string]any{"status": model.DeliverySending, "attempts": gorm.Expr("attempts + 1"),
				"message_id_header": messageID, "updated_at": r.e.cfg.Now().UTC()})
		n = res.RowsAffected
		return res.Error
	})
	if err != nil || n != 1 {
		return false
	}
	r.t.move(model.DeliveryQueued, model.DeliverySending, r.e.cfg.Now())
	return true
}

// record turns the SMTP outcome into the row's next status.
func (r *runner) record(d model.Delivery, err error) {
	now := r.e.cfg.Now().UTC()
	from := model.DeliverySending
	if err == nil {
		r.lim.Succeeded()
		r.update(d, from, map[string]any{"status": model.DeliverySent, "reason": "", "sent_at": now, "tries": 0, "next_at": nil})
		return
	}
	e := mailer.AsError(err)
	tries := d.Tries + 1
	switch {
	case e.Ambiguous:
		r.update(d, from, map[string]any{"status": model.DeliveryUnknown, "reason": e.Reply + ": check whether it arrived, then mark it sent or send it again"})
	case e.Temporary && tries < r.e.cfg.MaxTries:
		r.lim.Throttled()
		next := now.Add(r.backoff(tries))
		r.update(d, from, map[string]any{"status": model.DeliveryQueued, "tries": tries, "next_at": next,
			"reason": fmt.Sprintf("will retry at %s after: %s", next.Format("15:04:05"), e.Reply)})
	case e.Temporary:
		r.lim.Throttled()
		r.update(d, from, map[string]any{"status": model.DeliveryFailed, "tries": tries, "next_at": nil,
			"reason": fmt.Sprintf("gave up after %s: %s", describeTries(tries), e.Reply)})
	default:
		set := map[string]any{"status": model.DeliveryFailed, "tries": tries, "next_at": nil, "reason": e.Reply}
		if e.NoSuchUser {
			set["_suppress"] = &model.Suppression{Email: strings.ToLower(d.Email), Reason: model.SuppressBounced, At: now,
				Note: fmt.Sprintf("run %d: %s", r.run.ID, e.Reply)}
		}
		r.update(d, from, set)
	}
}
