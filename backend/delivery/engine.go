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
// the run's id at once; progress arrives as events.
func (e *Engine) Send(ctx context.Context, messageID int64) (int64, error) {
	if err := e.ready(); err != nil {
		return 0, err
	}
	if e.cfg.Open == nil {
		return 0, fault.Conflictf("sending is not available in this build: the composer is missing")
	}
	var busy int64
	e.cfg.DB.Model(&model.Run{}).Where("message_id = ? AND status IN ?", messageID, []string{model.RunRunning, model.RunPaused}).Count(&busy)
	if busy > 0 {
		return 0, fault.Conflictf("message %d is already being sent (an unfinished run exists): finish or cancel that run first", messageID)
	}
	now := e.cfg.Now().UTC()
	src, h, err := e.cfg.Open(ctx, e.fast, messageID, now)
	if err != nil {
		return 0, err
	}
	prof, err := e.cfg.Profiles.Get(h.ProfileID)
	if err != nil {
		return 0, err
	}
	if _, err := e.cfg.Profiles.Account(prof.ID); err != nil {
		return 0, err
	}
	run, err := snapshot(ctx, e.cfg.DB, src, h, prof.ID, now)
	if err != nil {
		return 0, err
	}
	e.messageStatus(messageID, model.MessageSending)
	if h.AudienceID != nil {
		if err := audience.MarkUsed(e.cfg.DB, *h.AudienceID, run.Resolved, now); err != nil {
			e.cfg.Log.Printf("delivery: run %d: record the use of audience %d: %v", run.ID, *h.AudienceID, err)
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.startRunner(run, src, h); err != nil {
		return run.ID, err
	}
	return run.ID, nil
}

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
	return e.startRunner(run, src, h)
}

// startRunner starts the workers of a run. Caller holds e.mu.
func (e *Engine) startRunner(run model.Run, src Source, h Header) error {
	prof, err := e.cfg.Profiles.Get(run.ProfileID)
	if err != nil {
		return err
	}
	acct, err := e.cfg.Profiles.Account(prof.ID)
	if err != nil {
		return err
	}
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

// messageStatus mirrors the run on the message (the composer's table) when it has a
// status column; a missing table is not the engine's concern.
func (e *Engine) messageStatus(messageID int64, status string) {
	if !e.cfg.DB.Migrator().HasColumn("messages", "status") {
		return
	}
	e.cfg.DB.Table("messages").Where("id = ?", messageID).Update("status", status)
}

func (e *Engine) runner(runID int64) *runner {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.runs[runID]
}

// messageCancelled leaves a cancelled message "sent" when some of it went out (the run's
// log says to whom), else "ready" to be sent again.
func (e *Engine) messageCancelled(runID, messageID int64) {
	var sent int64
	e.cfg.DB.Model(&model.Delivery{}).Where("run_id = ? AND status = ?", runID, model.DeliverySent).Count(&sent)
	if sent > 0 {
		e.messageStatus(messageID, model.MessageSent)
	} else {
		e.messageStatus(messageID, model.MessageReady)
	}
}
