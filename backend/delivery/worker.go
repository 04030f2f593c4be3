package delivery

import (
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"

	"commhub/backend/mailer"
	"commhub/backend/model"
)

// worker owns one SMTP connection and sends the chunks of rows it is handed, taking
// the next chunk while the current one is on the wire. With the run's attempt journal
// (journal.go) taking a chunk is free: its rows stay `queued` in the database and each
// attempt is journaled just before it starts. Without a journal the chunk is marked
// `sending` in the database (one statement, committed by the writer while the current
// chunk is sent), and a row marked but never sent is put back to `queued`.
func (r *runner) worker(jobs <-chan []job, wg *sync.WaitGroup) {
	defer wg.Done()
	var conn *mailer.Conn
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	var cur *claim
	jw := &journalWriter{j: r.j}
	for {
		var js []job
		var ok bool
		if cur == nil {
			js, ok = <-jobs
		} else {
			select {
			case js, ok = <-jobs:
			default: // nothing waiting: send the current chunk now rather than hold it
				conn, cur = r.handle(cur, conn, jw), nil
				continue
			}
		}
		if !ok {
			break
		}
		if r.ctx.Err() != nil {
			r.releaseJobs(js) // halted: nothing more is marked
			continue
		}
		if cur == nil && (conn == nil || !conn.Alive()) {
			// No connection yet (or it broke): connect before taking anything, so a
			// server that is down leaves the rows queued.
			var up bool
			if conn, up = r.connect(conn); !up {
				r.releaseJobs(js)
				continue
			}
		}
		next := r.take(js)
		if cur != nil {
			conn = r.handle(cur, conn, jw)
		}
		cur = next
	}
	if cur != nil {
		conn = r.handle(cur, conn, jw)
	}
}

func (r *runner) releaseJobs(js []job) {
	for _, j := range js {
		r.release(j.d.ID)
	}
}

// handle sends the taken rows of a chunk, one at a time, and records the outcomes:
// failures at once, successes together at the end of the chunk (one statement). A
// halt or a connection failure before a send puts that row back. Each attempt is
// journaled before its SMTP transaction starts and its end after it, so a crash before
// the outcomes are committed leaves `unknown` only the row that was on the wire; the
// others are settled from the journal at the next start.
func (r *runner) handle(c *claim, conn *mailer.Conn, jw *journalWriter) *mailer.Conn {
	marked := <-c.ok
	sent := make([]sentRow, 0, len(c.jobs))
	for i, j := range c.jobs {
		if marked == nil || !marked[i] {
			r.release(j.d.ID) // no longer queued (cancelled) or the write failed
			continue
		}
		var up bool
		conn, up = r.connect(conn)
		if !up || r.lim.Wait(r.ctx) != nil {
			r.unmark(j.d)
			continue
		}
		if r.journaled {
			if err := jw.tried(j.d.ID, j.msg.MessageID); err != nil {
				r.halt(exitPaused, "paused: the attempt journal in the data folder cannot be written ("+err.Error()+"): free some disk space, then resume")
				r.unmark(j.d)
				continue
			}
		}
		if err := conn.Send(j.msg); err != nil {
			if !mailer.AsError(err).Ambiguous {
				jw.refused(j.d.ID)
			}
			r.record(j.d, j.msg.MessageID, err)
			continue
		}
		r.lim.Succeeded()
		at := r.e.cfg.Now().UTC()
		jw.sent(j.d.ID, at)
		sent = append(sent, sentRow{id: j.d.ID, at: at})
	}
	if r.journaled {
		jw.flush()
	}
	r.recordSent(sent)
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
		MessageID: r.ids.of(d)}
}

// claim is a chunk taken for sending; ok delivers which of its rows may go (nil when
// the mark could not be written).
type claim struct {
	jobs []job
	ok   chan []bool
}

// maxClaim bounds a chunk, and so the rows of one statement that records successes
// (and share its send time). A crash costs nothing more with larger chunks: rows taken
// but not attempted simply stay queued.
const maxClaim = 32

// claimSizeFor picks the chunk size of a profile. Without a rate cap rows leave at
// once, so chunks are as large as allowed; under a per-second cap a chunk takes at most
// about a quarter of a second to drain; under a per-hour cap rows go one by one, so
// none waits in a worker's hands for minutes.
func claimSizeFor(a mailer.Account) int {
	conc := max(a.Concurrency, 1)
	switch {
	case a.PerHour > 0:
		return 1
	case a.PerSecond > 0:
		return min(max(a.PerSecond/(4*conc), 1), maxClaim)
	}
	return maxClaim
}

// take claims a chunk: in memory when the run keeps a journal, else by marking it
// `sending` in the database.
func (r *runner) take(js []job) *claim {
	if !r.journaled {
		return r.markSending(js)
	}
	c := &claim{jobs: js, ok: make(chan []bool, 1)}
	marked := make([]bool, len(js))
	for i := range marked {
		marked[i] = true
		r.t.move(model.DeliveryQueued, model.DeliverySending, r.e.cfg.Now())
	}
	c.ok <- marked
	return c
}

const sqlUnmark = "UPDATE deliveries SET status = 'queued', updated_at = ? WHERE id = ? AND status = 'sending'"

// markSending asks the writer to commit a chunk's rows as `sending` (with the
// Message-ID of this attempt) in one statement and returns at once; the answer arrives
// on ok. The mark only takes rows that are still queued, so a row cancelled meanwhile
// is not sent.
func (r *runner) markSending(js []job) *claim {
	c := &claim{jobs: js, ok: make(chan []bool, 1)}
	var marked []bool
	r.e.w.Go(func(tx *gorm.DB) error {
		var err error
		marked, err = markChunk(tx, js, r.ids, r.e.cfg.Now().UTC())
		return err
	}, func(err error) {
		if err != nil {
			marked = nil
		}
		for _, ok := range marked {
			if ok {
				r.t.move(model.DeliveryQueued, model.DeliverySending, r.e.cfg.Now())
			}
		}
		c.ok <- marked
	})
	return c
}

// unmark puts a row that was taken but not sent back to queued.
func (r *runner) unmark(d model.Delivery) {
	if r.journaled {
		r.t.move(model.DeliverySending, model.DeliveryQueued, r.e.cfg.Now())
		r.release(d.ID)
		return
	}
	r.commit(d, model.DeliverySending, model.DeliveryQueued, func(tx *gorm.DB) error {
		return tx.Exec(sqlUnmark, r.e.cfg.Now().UTC(), d.ID).Error
	})
}

// record turns an SMTP failure of the attempt with this Message-ID into the row's
// next status.
func (r *runner) record(d model.Delivery, messageID string, err error) {
	o := outcomeOf(d, err, r.run.ID, r.e.cfg.Now().UTC(), r.e.cfg.MaxTries, r.backoff)
	o.Attempt = messageID
	if e := mailer.AsError(err); e.Temporary && !e.Ambiguous {
		r.lim.Throttled()
	}
	r.update(d, model.DeliverySending, o)
}
