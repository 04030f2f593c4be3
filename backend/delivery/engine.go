package delivery

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"

	"gorm.io/gorm"

	"commhub/backend/audience"
	"commhub/backend/events"
	"commhub/backend/fault"
	"commhub/backend/mailer"
	"commhub/backend/model"
)

// Config wires an Engine. Zero durations take the defaults below.
type Config struct {
	DB       *gorm.DB
	Events   events.Sink
	Profiles *mailer.Profiles
	Open     Opener
	// Messages changes a message's state for the engine; nil leaves messages alone
	// (sources that are not stored messages).
	Messages Messages
	Dialer   mailer.Dialer
	Now      func() time.Time
	// Backoff is the first retry delay after a transient failure; it doubles per try up
	// to MaxBackoff. MaxTries transient failures in a row fail the recipient.
	Backoff    time.Duration
	MaxBackoff time.Duration
	MaxTries   int
	// MaxDown is how long workers keep reconnecting to an unreachable server before the
	// run pauses itself with a note.
	MaxDown time.Duration
	// SlowPace is the pace (messages/s) a profile without a per-second cap falls back to
	// when the server first pushes back; it then slows by a quarter per push-back.
	SlowPace float64
	// ProgressEvery is the minimum gap between two progress events of a run.
	ProgressEvery time.Duration
	Log           *log.Logger
	// JournalDir holds the runs' attempt journals; empty means a "journal" folder next
	// to the database file.
	JournalDir string
}

// Defaults for Config.
const (
	DefaultBackoff       = 30 * time.Second
	DefaultMaxBackoff    = 15 * time.Minute
	DefaultMaxTries      = 6
	DefaultMaxDown       = 15 * time.Minute
	DefaultProgressEvery = 200 * time.Millisecond
	DefaultSlowPace      = 20
)

// unknownReason is what a row in flight during a crash says in the log.
const unknownReason = "in flight when CommHub stopped: check whether it arrived, then mark it sent or send it again"

// Engine runs sends. One Engine per database; Start before use, Stop on shutdown.
type Engine struct {
	cfg Config
	// fast is the database with cached prepared statements, for the per-message queries
	// of the send path (the composer's included): preparing SQL costs more than running it.
	fast *gorm.DB
	// sql is the same database without the ORM, for the dispatcher's page reads.
	sql    *sql.DB
	w      *writer
	limits limiters
	// journals is the folder of the runs' attempt journals ("" for none).
	journals string

	mu      sync.Mutex
	ctx     context.Context
	cancel  context.CancelFunc
	runs    map[int64]*runner
	wg      sync.WaitGroup
	started bool
	up      chan struct{} // closed by the first Start
}

// New builds an engine; nothing runs until Start.
func New(cfg Config) *Engine {
	if cfg.Events == nil {
		cfg.Events = events.Discard{}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = DefaultBackoff
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	if cfg.MaxTries <= 0 {
		cfg.MaxTries = DefaultMaxTries
	}
	if cfg.MaxDown <= 0 {
		cfg.MaxDown = DefaultMaxDown
	}
	if cfg.SlowPace <= 0 {
		cfg.SlowPace = DefaultSlowPace
	}
	if cfg.ProgressEvery <= 0 {
		cfg.ProgressEvery = DefaultProgressEvery
	}
	if cfg.Log == nil {
		cfg.Log = log.Default()
	}
	e := &Engine{cfg: cfg, runs: map[int64]*runner{}, up: make(chan struct{})}
	if cfg.DB != nil {
		e.fast = cfg.DB.Session(&gorm.Session{PrepareStmt: true})
		e.sql, _ = cfg.DB.DB() // nil when the handle has no pool of its own: Start refuses it
		e.journals = cfg.JournalDir
		if e.journals == "" {
			e.journals = journalDir(cfg.DB)
		}
	}
	return e
}

// Run starts the engine, serves until ctx ends, then stops it (a host worker).
func (e *Engine) Run(ctx context.Context) error {
	if err := e.Start(ctx); err != nil {
		return err
	}
	<-ctx.Done()
	e.Stop()
	return nil
}

// startWait is how long a call made while the host is still starting waits for Start.
const startWait = 10 * time.Second

// Start recovers from the previous session and resumes the runs that were sending:
// rows left `sending` are settled from the runs' attempt journals first (only those
// that may have reached the server become `unknown`), so none is ever sent twice.
func (e *Engine) Start(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.started {
		return nil
	}
	if e.sql == nil {
		return errors.New("delivery: the engine needs the store's own database handle, not a transaction")
	}
	if err := e.recoverInFlight(e.cfg.Now().UTC()); err != nil {
		return fmt.Errorf("delivery: recover rows in flight: %w", err)
	}
	e.ctx, e.cancel = context.WithCancel(context.WithoutCancel(ctx))
	e.w = newWriter(e.fast)
	e.started = true
	select {
	case <-e.up:
	default:
		close(e.up)
	}
	var ids []int64
	if err := e.cfg.DB.Model(&model.Run{}).Where("status = ?", model.RunRunning).Pluck("id", &ids).Error; err != nil {
		return err
	}
	for _, id := range ids {
		if err := e.launch(id); err != nil {
			e.cfg.Log.Printf("delivery: cannot resume run %d: %v", id, err)
			e.note(id, model.RunPaused, "could not resume after restart: "+err.Error())
		}
	}
	return nil
}

// Stop lets messages in flight finish, records them and stops. Unfinished runs stay
// `running` in the database and resume at the next Start.
func (e *Engine) Stop() {
	e.mu.Lock()
	if !e.started {
		e.mu.Unlock()
		return
	}
	e.started = false
	e.cancel()
	e.mu.Unlock()
	e.wg.Wait()
	e.w.Close()
}

// Send compiles the message, snapshots its recipients and starts sending. It returns
// the run's id at once; progress arrives as events. A message is sent once: when it
// already has a run, sending it again is SendAgain's job, which says who got it.
func (e *Engine) Send(ctx context.Context, messageID int64) (int64, error) {
	return e.begin(ctx, messageID, firstSend)
}

// begin starts a run of the message. The message is compiled outside the write
// transaction (it takes a while); the transaction then checks that the message was not
// saved since, and the run is recorded only if it is still the stored revision. A save
// that slipped in between makes it compile again.
func (e *Engine) begin(ctx context.Context, messageID int64, mode sendMode) (int64, error) {
	if err := e.ready(); err != nil {
		return 0, err
	}
	if e.cfg.Open == nil {
		return 0, fault.Conflictf("sending is not available in this build: the composer is missing")
	}
	for try := 1; ; try++ {
		now := e.cfg.Now().UTC()
		src, h, err := e.cfg.Open(ctx, e.fast, messageID, now)
		if err != nil {
			return 0, err
		}
		acct, err := e.cfg.Profiles.Account(h.ProfileID)
		if err != nil {
			return 0, err
		}
		run, err := snapshot(ctx, e.cfg.DB, src, h, acct.ID, now, func(tx *gorm.DB) (map[string]prior, error) {
			return e.claim(tx, h, mode)
		})
		if errors.Is(err, ErrMessageChanged) {
			if try < beginTries {
				continue
			}
			return 0, fault.Conflictf("message %d kept changing while its send was starting: wait until it is saved, then send it", messageID)
		}
		if err != nil {
			return 0, err
		}
		if h.AudienceID != nil {
			if err := audience.MarkUsed(e.cfg.DB, *h.AudienceID, run.Resolved, now); err != nil {
				e.cfg.Log.Printf("delivery: run %d: record the use of audience %d: %v", run.ID, *h.AudienceID, err)
			}
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		return run.ID, e.startRunner(run, src, h, acct)
	}
}

// beginTries bounds how often a send compiles again because the message was saved
// while it started.
const beginTries = 3

func (e *Engine) ready() error {
	select {
	case <-e.up:
	case <-time.After(startWait):
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.started {
		return errors.New("delivery: the engine is not started")
	}
	return nil
}

// launch opens the run's message again and starts its runner (resume, retry). Caller
// holds e.mu.
func (e *Engine) launch(runID int64) error {
	if r, ok := e.runs[runID]; ok {
		select {
		case <-r.done: // halted and about to leave the map
			delete(e.runs, runID)
		default:
			return nil
		}
	}
	var run model.Run
	if err := e.cfg.DB.First(&run, runID).Error; err != nil {
		return fault.NotFoundf("send run %d does not exist", runID)
	}
	if e.cfg.Open == nil {
		return errors.New("the composer is missing from this build")
	}
	src, h, err := e.cfg.Open(e.ctx, e.fast, run.MessageID, e.cfg.Now().UTC())
	if err != nil {
		return err
	}
	acct, err := e.cfg.Profiles.Account(run.ProfileID)
	if err != nil {
		return err
	}
	return e.startRunner(run, src, h, acct)
}

// startRunner starts the workers of a run with the profile it sends through. Caller
// holds e.mu.
func (e *Engine) startRunner(run model.Run, src Source, h Header, acct mailer.Account) error {
	prof := acct.SMTPProfile
	if h.FromEmail == "" {
		h.FromName, h.FromEmail = prof.FromName, prof.FromEmail
	}
	t, err := loadTally(e.cfg.DB, run.ID)
	if err != nil {
		return err
	}
	r := newRunner(e, run, src, h, acct, e.limits.get(prof, e.cfg.SlowPace), t)
	e.runs[run.ID] = r
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		r.loop()
		e.mu.Lock()
		if e.runs[run.ID] == r {
			delete(e.runs, run.ID)
		}
		e.mu.Unlock()
	}()
	return nil
}

// note records an automatic change of a run's status and tells the UI.
func (e *Engine) note(runID int64, status, note string) {
	upd := map[string]any{"status": status, "note": note}
	if status == model.RunDone || status == model.RunCancelled {
		upd["finished_at"] = e.cfg.Now().UTC()
	}
	if err := e.cfg.DB.Model(&model.Run{}).Where("id = ?", runID).Updates(upd).Error; err != nil {
		e.cfg.Log.Printf("delivery: run %d: record status %s: %v", runID, status, err)
	}
}

// messageStatus records where sending left the message. The messages table is the
// composer's: the engine asks it (Config.Messages) rather than writing the table.
func (e *Engine) messageStatus(messageID int64, status string) {
	if e.cfg.Messages == nil {
		return
	}
	if err := e.cfg.Messages.SetStatus(e.cfg.DB, messageID, status); err != nil {
		e.cfg.Log.Printf("delivery: message %d: record status %s: %v", messageID, status, err)
	}
}

func (e *Engine) runner(runID int64) *runner {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.runs[runID]
}

// messageCancelled leaves a message whose run was cancelled "sent" when this run or an
// earlier one reached anybody (their logs say whom), else "ready" to be sent again.
func (e *Engine) messageCancelled(_, messageID int64) {
	var sent int64
	e.cfg.DB.Model(&model.Delivery{}).Where("status = ? AND run_id IN (?)", model.DeliverySent,
		e.cfg.DB.Model(&model.Run{}).Select("id").Where("message_id = ?", messageID)).Count(&sent)
	if sent > 0 {
		e.messageStatus(messageID, model.MessageSent)
	} else {
		e.messageStatus(messageID, model.MessageReady)
	}
}
