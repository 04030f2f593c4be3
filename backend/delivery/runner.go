package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"commhub/backend/mailer"
	"commhub/backend/model"

	"commhub/backend/events"
)

// Why a runner stopped.
const (
	exitStopped   = "" // engine shutdown: the run stays `running` and resumes at next start
	exitDone      = "done"
	exitPaused    = "paused"
	exitCancelled = "cancelled"
)

// pageSize is how many queued rows the dispatcher reads at a time: memory stays flat
// whatever the size of the run.
const pageSize = 200

// runner sends one run: a dispatcher reads queued rows page by page and hands them to
// one worker per connection.
type runner struct {
	e       *Engine
	run     model.Run
	src     Source
	h       Header
	acct    mailer.Account
	lim     *limiter
	t       *tally
	started time.Time

	ctx  context.Context
	stop context.CancelFunc
	done chan struct{}
	wake chan struct{}
	// lookahead is how many messages are rendered ahead of sending: enough to batch the
	// database work, few enough that a rate-limited run re-checks recipients just before
	// their turn.
	lookahead int
	// claimSize is how many rows a worker takes at a time, and records sent with one
	// statement (see claimSizeFor).
	claimSize int
	// j is the run's attempt journal, which tells after a crash which rows in flight
	// really reached the server; journaled says whether it is written (else rows are
	// marked `sending` in the database before they go).
	j         *journal
	journaled bool
	// ids makes the Message-IDs of this runner's attempts.
	ids messageIDs

	mu       sync.Mutex
	exit     string
	note     string
	inflight map[int64]bool
	// released holds the rows let go since the dispatcher last read a page: a row in a
	// worker's hands stays `queued` in the database, so a page read before its outcome
	// was committed still lists it, and must not hand it out again.
	released  map[int64]struct{}
	downSince time.Time
}

func newRunner(e *Engine, run model.Run, src Source, h Header, acct mailer.Account, lim *limiter, t *tally) *runner {
	ctx, stop := context.WithCancel(e.ctx)
	la := 100
	switch conc := max(acct.Concurrency, 1); {
	case acct.PerHour > 0:
		la = conc
	case acct.PerSecond > 0:
		la = min(max(acct.PerSecond, conc), 100)
	}
	return &runner{ids: newMessageIDs(h.FromEmail), lookahead: la, claimSize: claimSizeFor(acct), e: e, run: run, src: src, h: h, acct: acct, lim: lim, t: t, started: e.cfg.Now(),
		ctx: ctx, stop: stop, done: make(chan struct{}), wake: make(chan struct{}, 1), inflight: map[int64]bool{}, released: map[int64]struct{}{}}
}

// halt stops the runner for the given reason; messages in flight still finish.
func (r *runner) halt(reason, note string) {
	r.mu.Lock()
	if r.exit == exitStopped {
		r.exit, r.note = reason, note
	}
	r.mu.Unlock()
	r.stop()
}

func (r *runner) loop() {
	defer close(r.done)
	var err error
	if r.j, err = openJournal(r.e.journals, r.run.ID); err != nil {
		r.e.cfg.Log.Printf("delivery: run %d: no attempt journal (%v): a crash would leave every row in flight unknown", r.run.ID, err)
	}
	r.journaled = r.j.active()
	stopProgress := r.reportProgress()
	var wg sync.WaitGroup
	n := r.acct.Concurrency
	if n < 1 {
		n = 1
	}
	// One chunk per worker may wait rendered (still `queued`: nothing to recover after a
	// crash), so a worker done with a chunk finds the next one without waiting for the
	// dispatcher, and its `sending` mark is committed while the current chunk is sent.
	// Not under a per-hour cap, where a rendered row could wait minutes for its turn and
	// the re-check before sending is worth more.
	buffered := n
	if r.acct.PerHour > 0 {
		buffered = 0
	}
	jobs := make(chan []job, buffered)
	for range n {
		wg.Add(1)
		go r.worker(jobs, &wg)
	}
	finished := r.dispatch(jobs)
	close(jobs)
	wg.Wait()
	// Let the last outcomes commit before the run's status and final counts are written.
	r.e.w.Do(func(*gorm.DB) error { return nil })
	r.j.close()
	if finished {
		r.halt(exitDone, "")
	}
	r.finish()
	stopProgress()
}

// dispatch feeds queued rows to the workers until none is left (true) or the runner is
// halted (false).
func (r *runner) dispatch(jobs chan<- []job) bool {
	for {
		sent, err := r.pass(jobs)
		if err != nil {
			if r.ctx.Err() == nil {
				r.e.cfg.Log.Printf("delivery: run %d: %v", r.run.ID, err)
				r.halt(exitPaused, "paused after a database error: "+err.Error())
			}
			return false
		}
		if r.ctx.Err() != nil {
			return false
		}
		if sent > 0 {
			continue
		}
		next, left, err := r.pending()
		if err != nil {
			r.halt(exitPaused, "paused after a database error: "+err.Error())
			return false
		}
		if !left {
			return true
		}
		wait := time.Second
		if !next.IsZero() {
			wait = max(next.Sub(r.e.cfg.Now()), time.Millisecond)
		}
		select {
		case <-r.ctx.Done():
			return false
		case <-r.wake:
		case <-time.After(wait):
		}
	}
}

// job is one rendered message for a worker to send.
type job struct {
	d   model.Delivery
	msg *mailer.Message
}

// pass hands out every queued row that is due and not already in a worker's hands,
// rendering them in batches of r.lookahead just before they go.
func (r *runner) pass(jobs chan<- []job) (int, error) {
	var cursor int64
	sent := 0
	for {
		page, err := r.queuedPage(cursor)
		if err != nil || len(page) == 0 {
			return sent, err
		}
		suppressed, err := r.suppressed(page)
		if err != nil {
			return sent, err
		}
		var batch []model.Delivery
		flush := func() error {
			n, err := r.dispatchBatch(batch, jobs)
			sent += n
			batch = batch[:0]
			return err
		}
		for _, d := range page {
			cursor = d.ID
			if !r.claim(d.ID) {
				continue
			}
			if why, ok := suppressed[strings.ToLower(d.Email)]; ok {
				// Added since the snapshot: a bounce or an unsubscribe during the run.
				r.update(d, model.DeliveryQueued, settled(d, model.DeliverySkipped, "suppressed: "+why))
				continue
			}
			if len(batch) > 0 && batch[0].Kind != d.Kind {
				if err := flush(); err != nil {
					return sent, err
				}
			}
			batch = append(batch, d)
			if len(batch) >= r.lookahead {
				if err := flush(); err != nil {
					return sent, err
				}
			}
		}
		if err := flush(); err != nil {
			return sent, err
		}
		if r.ctx.Err() != nil {
			return sent, nil
		}
	}
}

// sqlQueuedPage reads the next page of due queued rows, only the columns sending needs.
const sqlQueuedPage = "SELECT id, kind, recipient_id, name, email, attempts, tries FROM deliveries " +
	"WHERE run_id = ? AND status = 'queued' AND id > ? AND (next_at IS NULL OR next_at <= ?) ORDER BY id LIMIT ?"

// queuedPage reads the page after cursor straight from database/sql: scanning rows
// through the ORM's reflection cost more than the query itself.
func (r *runner) queuedPage(cursor int64) ([]model.Delivery, error) {
	r.mu.Lock()
	clear(r.released) // what was let go before the query is what the query sees
	r.mu.Unlock()
	rows, err := r.e.sql.QueryContext(context.Background(), sqlQueuedPage, r.run.ID, cursor, r.e.cfg.Now().UTC(), pageSize)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	page := make([]model.Delivery, 0, pageSize)
	for rows.Next() {
		d := model.Delivery{RunID: r.run.ID, Status: model.DeliveryQueued}
		if err := rows.Scan(&d.ID, &d.Kind, &d.RecipientID, &d.Name, &d.Email, &d.Attempts, &d.Tries); err != nil {
			return nil, err
		}
		page = append(page, d)
	}
	return page, rows.Err()
}

// errHalted stops a batch when the runner halts.
var errHalted = errors.New("halted")

// dispatchBatch renders claimed rows of one kind and hands them to the workers in
// chunks of claimSize. Rows that are no longer eligible, or cannot be rendered, are
// logged here. Rows not handed out when the runner halts are released untouched.
func (r *runner) dispatchBatch(batch []model.Delivery, jobs chan<- []job) (int, error) {
	if len(batch) == 0 {
		return 0, nil
	}
	ids := make([]int64, len(batch))
	for i, d := range batch {
		ids[i] = d.RecipientID
	}
	next, sent := 0, 0
	var chunk []job
	give := func() error {
		if len(chunk) == 0 {
			return nil
		}
		select {
		case jobs <- chunk:
			sent += len(chunk)
			chunk = nil
			return nil
		case <-r.ctx.Done():
			return errHalted
		}
	}
	err := r.src.Render(r.ctx, batch[0].Kind, ids, func(_ int64, c Content, err error) error {
		d := batch[next]
		next++
		var no *Ineligible
		switch {
		case errors.As(err, &no):
			status := model.DeliverySkipped
			if no.Decision.Status == DecisionBlocked {
				status = model.DeliveryBlocked
			}
			r.update(d, model.DeliveryQueued, settled(d, status, no.Decision.Reason))
			return nil
		case err != nil:
			r.update(d, model.DeliveryQueued, settled(d, model.DeliveryFailed, "cannot render: "+err.Error()))
			return nil
		}
		if r.ctx.Err() != nil {
			next--
			return errHalted
		}
		chunk = append(chunk, job{d: d, msg: r.message(d, c)})
		if len(chunk) >= r.claimSize {
			return give()
		}
		return nil
	})
	if err == nil {
		err = give()
	}
	for _, j := range chunk {
		r.release(j.d.ID)
	}
	for _, d := range batch[next:] {
		r.release(d.ID)
	}
	if errors.Is(err, errHalted) || r.ctx.Err() != nil {
		return sent, nil
	}
	return sent, err
}

// sqlSuppressed looks a list of addresses, given as one JSON array, up in the
// suppression list: one short statement whatever the page's size (the driver parses
// every statement it runs, and a list of placeholders costs more to parse than to run).
const sqlSuppressed = "SELECT email, reason FROM suppressions WHERE email IN (SELECT value FROM json_each(?))"

// suppressed looks a page's addresses up in the suppression list with one query.
func (r *runner) suppressed(page []model.Delivery) (map[string]string, error) {
	emails := make([]string, len(page))
	for i, d := range page {
		emails[i] = strings.ToLower(d.Email)
	}
	list, err := json.Marshal(emails)
	if err != nil {
		return nil, err
	}
	rows, err := r.e.sql.QueryContext(context.Background(), sqlSuppressed, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var email, reason string
		if err := rows.Scan(&email, &reason); err != nil {
			return nil, err
		}
		out[email] = reason
	}
	return out, rows.Err()
}

// pending says whether the run still has work: rows in flight or queued for later, and
// the earliest time a queued row becomes due.
func (r *runner) pending() (time.Time, bool, error) {
	r.mu.Lock()
	busy := len(r.inflight) > 0
	r.mu.Unlock()
	var next struct{ N int64 }
	var at *time.Time
	row := r.e.cfg.DB.Model(&model.Delivery{}).Where("run_id = ? AND status = ?", r.run.ID, model.DeliveryQueued)
	if err := row.Select("count(*) AS n").Scan(&next).Error; err != nil {
		return time.Time{}, false, err
	}
	if next.N > 0 {
		var d model.Delivery
		if err := r.e.cfg.DB.Where("run_id = ? AND status = ?", r.run.ID, model.DeliveryQueued).Order("next_at").Limit(1).Find(&d).Error; err != nil {
			return time.Time{}, false, err
		}
		at = d.NextAt
	}
	var t time.Time
	if at != nil {
		t = *at
	}
	return t, busy || next.N > 0, nil
}

func (r *runner) claim(id int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, since := r.released[id]; since || r.inflight[id] {
		return false
	}
	r.inflight[id] = true
	return true
}

func (r *runner) release(id int64) {
	r.mu.Lock()
	delete(r.inflight, id)
	r.released[id] = struct{}{}
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// finish records why the run stopped.
func (r *runner) finish() {
	r.mu.Lock()
	exit, note := r.exit, r.note
	r.mu.Unlock()
	db := r.e.cfg.DB
	switch exit {
	case exitDone:
		r.e.note(r.run.ID, model.RunDone, note)
		r.e.messageStatus(r.run.MessageID, model.MessageSent)
	case exitPaused:
		r.e.note(r.run.ID, model.RunPaused, note)
	case exitCancelled:
		res := db.Model(&model.Delivery{}).Where("run_id = ? AND status = ?", r.run.ID, model.DeliveryQueued).
			Updates(map[string]any{"status": model.DeliveryCancelled, "reason": "cancelled by the user", "next_at": nil, "updated_at": r.e.cfg.Now().UTC()})
		if res.Error == nil {
			r.t.bulk(model.DeliveryQueued, model.DeliveryCancelled, res.RowsAffected)
		}
		r.e.note(r.run.ID, model.RunCancelled, note)
		r.e.messageCancelled(r.run.ID, r.run.MessageID)
	}
}

// reportProgress emits the run's progress at most every ProgressEvery while it changes,
// and once more at the end.
func (r *runner) reportProgress() func() {
	quit := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(r.e.cfg.ProgressEvery)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
				if p, changed := r.progress(); changed {
					r.e.cfg.Events.Emit(events.DeliveryProgress, p)
				}
			}
		}
	}()
	return func() {
		close(quit)
		<-stopped
		p, _ := r.progress()
		r.e.cfg.Events.Emit(events.DeliveryProgress, p)
	}
}

func (r *runner) progress() (Progress, bool) {
	p, changed := r.t.snapshot(r.e.cfg.Now(), r.started)
	p.RunID, p.MessageID = r.run.ID, r.run.MessageID
	r.mu.Lock()
	exit, note := r.exit, r.note
	r.mu.Unlock()
	p.Status, p.Note = model.RunRunning, note
	if exit != exitStopped {
		p.Status = exit
	}
	p.SlowedTo = r.lim.Slowed()
	return p, changed
}

// update queues a row's outcome; the tally and the in-flight set follow once it is
// committed.
func (r *runner) update(d model.Delivery, from string, o outcome) {
	r.commit(d, from, o.Status, func(tx *gorm.DB) error { return o.apply(tx, d.ID, r.e.cfg.Now().UTC()) })
}

// commit queues apply with the writer and moves the row in the tally once committed.
func (r *runner) commit(d model.Delivery, from, to string, apply func(tx *gorm.DB) error) {
	r.e.w.Go(apply, func(err error) {
		if err != nil {
			r.e.cfg.Log.Printf("delivery: run %d row %d: record %s: %v", r.run.ID, d.ID, to, err)
		} else {
			r.t.move(from, to, r.e.cfg.Now())
		}
		r.release(d.ID)
	})
}

func (r *runner) backoff(tries int) time.Duration {
	d := r.e.cfg.Backoff
	for i := 1; i < tries && d < r.e.cfg.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, r.e.cfg.MaxBackoff)
}

func describeTries(n int) string {
	if n == 1 {
		return "1 try"
	}
	return fmt.Sprintf("%d tries", n)
}
