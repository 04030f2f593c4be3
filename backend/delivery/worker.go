package delivery

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"commhub/backend/mailer"
	"commhub/backend/model"
)

// worker owns one SMTP connection and sends the messages it is handed, one at a time.
// It asks for the next row to be marked `sending` while the current one is on the wire,
// so the commit that must precede every SMTP transaction costs no waiting; a row marked
// but never sent (the runner halted) is put back to `queued`.
func (r *runner) worker(jobs <-chan job, wg *sync.WaitGroup) {
	defer wg.Done()
	var conn *mailer.Conn
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	var cur *marked
	for {
		var j job
		var ok bool
		if cur == nil {
			j, ok = <-jobs
		} else {
			select {
			case j, ok = <-jobs:
			default: // nothing waiting: send the current one now rather than hold it
				conn, cur = r.handle(cur, conn), nil
				continue
			}
		}
		if !ok {
			break
		}
		if cur == nil && (conn == nil || !conn.Alive()) {
			// No connection yet (or it broke): connect before marking anything, so a
			// server that is down leaves the rows queued, not "sending".
			var up bool
			if conn, up = r.connect(conn); !up {
				r.release(j.d.ID)
				continue
			}
		}
		next := r.markSending(j)
		if cur != nil {
			conn = r.handle(cur, conn)
		}
		cur = next
	}
	if cur != nil {
		conn = r.handle(cur, conn)
	}
}

// marked is a job whose `sending` mark has been asked for; ok reports the commit.
type marked struct {
	job
	ok chan bool
}

// handle sends one marked row and records the outcome. Until the mark is committed
// nothing goes to the server; a halt or a connection failure before the send puts the
// row back to queued.
func (r *runner) handle(m *marked, conn *mailer.Conn) *mailer.Conn {
	if !<-m.ok {
		r.release(m.d.ID) // no longer queued (cancelled) or the write failed
		return conn
	}
	conn, ok := r.connect(conn)
	if !ok || r.lim.Wait(r.ctx) != nil {
		r.unmark(m.d)
		return conn
	}
	r.record(m.d, conn.Send(m.msg))
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

// message builds the email of one row from its rendered content.
func (r *runner) message(d model.Delivery, c Content) *mailer.Message {
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
		MessageID: mailer.NewMessageID(fmt.Sprintf("r%d.d%d.a%d", r.run.ID, d.ID, d.Attempts+1), r.h.FromEmail)}
}

// The two statements of every message, written out so that they prepare once.
const (
	sqlMarkSending = "UPDATE deliveries SET status = 'sending', attempts = attempts + 1, message_id_header = ?, updated_at = ? WHERE id = ? AND status = 'queued'"
	sqlUnmark      = "UPDATE deliveries SET status = 'queued', attempts = attempts - 1, updated_at = ? WHERE id = ? AND status = 'sending'"
	sqlSent        = "UPDATE deliveries SET status = 'sent', reason = '', sent_at = ?, updated_at = ?, tries = 0, next_at = NULL WHERE id = ?"
)

// markSending asks the writer to commit the row as `sending` (attempts + 1, with the
// Message-ID of this attempt) and returns at once; the answer arrives on ok. The mark
// only takes a row that is still queued, so a row cancelled meanwhile is not sent.
func (r *runner) markSending(j job) *marked {
	m := &marked{job: j, ok: make(chan bool, 1)}
	var n int64
	r.e.w.Go(func(tx *gorm.DB) error {
		var err error
		n, err = execFast(tx, sqlMarkSending, j.msg.MessageID, r.e.cfg.Now().UTC(), j.d.ID)
		return err
	}, func(err error) {
		if err == nil && n == 1 {
			r.t.move(model.DeliveryQueued, model.DeliverySending, r.e.cfg.Now())
		}
		m.ok <- err == nil && n == 1
	})
	return m
}

// unmark puts a row that was marked but not sent back to queued.
func (r *runner) unmark(d model.Delivery) {
	r.commit(d, model.DeliverySending, model.DeliveryQueued, func(tx *gorm.DB) error {
		return tx.Exec(sqlUnmark, r.e.cfg.Now().UTC(), d.ID).Error
	})
}

// record turns the SMTP outcome into the row's next status.
func (r *runner) record(d model.Delivery, err error) {
	now := r.e.cfg.Now().UTC()
	from := model.DeliverySending
	if err == nil {
		r.lim.Succeeded()
		r.commit(d, from, model.DeliverySent, func(tx *gorm.DB) error {
			_, err := execFast(tx, sqlSent, now, now, d.ID)
			return err
		})
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
