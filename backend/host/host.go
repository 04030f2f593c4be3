// Package host runs the whole backend in one process: the store, the bound services, the
// event fan-out and the background workers. The desktop app and commhubd both start it, so
// a send scheduled for 3 a.m. runs the same way whichever of them is open.
package host

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"commhub/backend/api"
	"commhub/backend/events"
	"commhub/backend/secret"
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
	// Remote says the services answer a browser over HTTP rather than the desktop window;
	// see api.Deps.Remote.
	Remote bool
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
	secrets := secret.Open(dir)
	// Keyring entries from before they were named by folder belong to the default folder.
	secrets.AdoptUnnamed = isDefaultDir(dir)
	fanout := &events.Fanout{}
	return &Host{
		Store:    s,
		Services: api.New(api.Deps{Store: s, Events: fanout, Now: now, Secrets: secrets, Remote: opts.Remote}),
		Events:   fanout,
	}, nil
}

// isDefaultDir says whether dir is the data folder used when none is given.
func isDefaultDir(dir string) bool {
	def, err := store.DefaultDir()
	if err != nil {
		return false
	}
	a, errA := filepath.Abs(dir)
	b, errB := filepath.Abs(def)
	return errA == nil && errB == nil && a == b
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

// Start launches the background work under ctx: today the send engine, which Stop drains.
func (h *Host) Start(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.ctx != nil {
		return errors.New("host: already started")
	}
	h.ctx, h.cancel = context.WithCancel(ctx)
	// The send engine starts synchronously: rows a crash left in flight are marked
	// unknown before any call can reach the engine.
	if err := h.Services.DeliveryEngine().Start(h.ctx); err != nil {
		return err
	}
	return nil
}

// Stop cancels the background work, waits for messages in flight to be recorded and closes
// the store. It is safe to call more than once, and without Start.
func (h *Host) Stop() {
	h.stopOnce.Do(func() {
		h.mu.Lock()
		if h.cancel != nil {
			h.cancel()
		}
		h.mu.Unlock()
		h.Services.DeliveryEngine().Stop() // messages in flight finish and are recorded
		if h.Store != nil {
			h.Store.Close()
		}
	})
}
