// Package host runs the whole backend in one process: the store, the bound services, the
// event fan-out and the background workers. The desktop app and commhubd both start it, so
// a send scheduled for 3 a.m. runs the same way whichever of them is open.
package host

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"commhub/backend/api"
	"commhub/backend/events"
	"commhub/backend/settings"
	"commhub/backend/store"
)

// Options say where the data lives and how to start.
type Options struct {
	// DataDir holds the database; empty means store.DefaultDir().
	DataDir string
	// NoDemo starts with an empty store instead of seeding the demo network.
	NoDemo bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Host is the running backend.
type Host struct {
	Store    *store.Store
	Services *api.Services
	// Events reaches every listener; the Wails app and the HTTP bridge add their sinks.
	Events *events.Fanout

	mu       sync.Mutex
	ctx      context.Context // the workers' context, set by Start (nil before)
	cancel   context.CancelFunc
	workers  sync.WaitGroup
	stopOnce sync.Once
}

// Open opens (creating and migrating if needed) the store, seeds the demo network into an
// empty store unless told not to, and builds the services. Nothing runs in the background
// until Start.
func Open(opts Options) (*Host, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	dir := opts.DataDir
	if dir == "" {
		d, err := store.DefaultDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	s, err := store.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := seed(s, opts.NoDemo, now()); err != nil {
		s.Close()
		return nil, err
	}
	fanout := &events.Fanout{}
	return &Host{
		Store:    s,
		Services: api.New(api.Deps{Store: s, Events: fanout, Now: now}),
		Events:   fanout,
	}, nil
}

// seed loads the demo network into an empty store, or with noDemo records that this store
// is to stay empty, so that a later start without the flag does not fill it after all.
func seed(s *store.Store, noDemo bool, now time.Time) error {
	if noDemo {
		if err := store.MarkNoDemo(s); err != nil {
			return fmt.Errorf("recording --no-demo in %s: %w", s.Path, err)
		}
		return nil
	}
	seeded, err := store.SeedDemoIfEmpty(s, now)
	if err != nil {
		return fmt.Errorf("loading the demo network into %s: %w", s.Path, err)
	}
	if seeded {
		if _, err := settings.Save(s.DB, settings.Demo()); err != nil {
			return fmt.Errorf("saving the demo settings into %s: %w", s.Path, err)
		}
	}
	return nil
}

// Start launches the background workers under ctx. Each area adds its worker in Start
// with one h.Go line.
func (h *Host) Start(ctx context.Context) error {
	h.mu.Lock()
	if h.ctx != nil {
		h.mu.Unlock()
		return errors.New("host: already started")
	}
	h.ctx, h.cancel = context.WithCancel(ctx)
	wctx := h.ctx
	h.mu.Unlock()
	// The send engine starts synchronously: rows a crash left in flight are marked
	// unknown before any call can reach the engine.
	if err := h.Services.DeliveryEngine().Start(wctx); err != nil {
		return err
	}
	// Background workers, one line each. The scheduler's first scan sends (or marks
	// missed) what fell due while CommHub was closed.
	h.Go("schedule", h.Services.Scheduler().Run)
	return nil
}

// Go runs one background worker under the context of Start, which Stop cancels before
// waiting for the worker to return. A worker's error is reported as a "host.worker" event,
// since no caller is left to return it to. Go must be called after Start.
func (h *Host) Go(name string, run func(context.Context) error) {
	h.mu.Lock()
	ctx := h.ctx
	h.mu.Unlock()
	if ctx == nil {
		panic("host: Go(" + name + ") before Start")
	}
	h.workers.Add(1)
	go func() {
		defer h.workers.Done()
		if err := run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			h.Events.Emit("host.worker", WorkerError{Worker: name, Message: err.Error()})
		}
	}()
}

// WorkerError is the payload of a "host.worker" event.
type WorkerError struct {
	Worker  string `json:"worker"`
	Message string `json:"message"`
}

// Stop cancels the workers, waits for them to finish what they are doing and closes the
// store. It is safe to call more than once, and without Start.
func (h *Host) Stop() {
	h.stopOnce.Do(func() {
		h.mu.Lock()
		if h.cancel != nil {
			h.cancel()
		}
		h.mu.Unlock()
		h.workers.Wait()                   // a scan in progress ends before the engine it starts runs with
		h.Services.DeliveryEngine().Stop() // messages in flight finish and are recorded
		if h.Store != nil {
			h.Store.Close()
		}
	})
}
