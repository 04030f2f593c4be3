// Package api holds the bound services: thin, typed facades over the backend packages.
// The same structs are bound by Wails in main.go and served by the HTTP bridge in rpc/.
package api

import (
	"reflect"
	"time"

	"commhub/backend/events"
	"commhub/backend/schedule"
	"commhub/backend/secret"
	"commhub/backend/store"
)

// Deps is what every service may depend on; each service takes what it needs.
type Deps struct {
	Store  *store.Store
	Events events.Sink
	// Secrets is the data folder's one secret store (SMTP passwords, the Everflow key);
	// nil opens it for Store's folder.
	Secrets *secret.Store
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Remote says the calls come from another machine's browser (commhubd web), not from
	// the desktop window: such callers may not name files on this computer.
	Remote bool
}

// Services is the one list of bound services. A service's Go type name is its RPC name:
// POST /rpc/Network.ListPartners calls (*Network).ListPartners.
type Services struct {
	Network   *Network
	Audiences *Audiences
	Settings  *Settings
	Messages  *Messages
	// Delivery area: one kit shared by the three services (see delivery_kit.go).
	SMTP         *SMTP
	Deliveries   *Deliveries
	Suppressions *Suppressions
	Imports      *Imports
	Sync         *Sync
	Templates    *Templates
}

// New builds every service.
func New(d Deps) *Services {
	if d.Events == nil {
		d.Events = events.Discard{}
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Secrets == nil {
		dir := ""
		if d.Store != nil {
			dir = d.Store.Dir
		}
		d.Secrets = secret.Open(dir)
	}
	dk := newDeliveryKit(d)
	return &Services{
		SMTP: &SMTP{kit: dk}, Deliveries: &Deliveries{kit: dk}, Suppressions: &Suppressions{kit: dk},
		Network:   &Network{deps: d},
		Audiences: &Audiences{deps: d},
		Settings:  &Settings{deps: d},
		Messages:  &Messages{deps: d, kit: dk, sched: newScheduler(d, dk)},
		Imports:   &Imports{deps: d},
		Sync:      &Sync{deps: d},
		Templates: &Templates{deps: d},
	}
}

// Bound lists the services in the form Wails' Bind option takes. It is derived from the
// fields of Services, so a service added there is bound everywhere.
func (s *Services) Bound() []any {
	v := reflect.ValueOf(s).Elem()
	out := make([]any, 0, v.NumField())
	for i := range v.NumField() {
		out = append(out, v.Field(i).Interface())
	}
	return out
}

func newScheduler(d Deps, dk *deliveryKit) *schedule.Scheduler {
	sc := &schedule.Scheduler{Send: dk.engine, Now: d.Now, Events: d.Events}
	if d.Store != nil {
		sc.DB = d.Store.DB
	}
	return sc
}
