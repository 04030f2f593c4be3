package api

import (
	"gorm.io/gorm"

	"commhub/backend/delivery"
	"commhub/backend/mailer"
	"commhub/backend/schedule"
	"commhub/backend/secret"
)

// deliveryKit is what the SMTP, Deliveries and Suppressions services share: one secret
// store (the folder's), one profile store and one send engine per data folder.
type deliveryKit struct {
	deps     Deps
	secrets  *secret.Store
	profiles *mailer.Profiles
	engine   *delivery.Engine
	// dialer is replaced by tests to trust a local server.
	dialer mailer.Dialer
}

// newDeliveryKit builds without touching the store or the keyring: both are first used
// when a method is called (the RPC dispatcher builds services without a store).
func newDeliveryKit(d Deps) *deliveryKit {
	var db *gorm.DB
	if d.Store != nil {
		db = d.Store.DB
	}
	k := &deliveryKit{deps: d, secrets: d.Secrets}
	k.profiles = &mailer.Profiles{DB: db, Secrets: k.secrets}
	k.engine = delivery.New(delivery.Config{DB: db, Events: d.Events, Profiles: k.profiles,
		Open: delivery.ComposeOpener, Messages: schedule.Messages{}, Now: d.Now})
	return k
}

// DeliveryEngine is the send engine; the host runs it as a background worker. (Services
// itself is not bound, so this method is not callable from the UI.)
func (s *Services) DeliveryEngine() *delivery.Engine { return s.Deliveries.kit.engine }

// Scheduler fires scheduled sends; the host runs it as a background worker.
func (s *Services) Scheduler() *schedule.Scheduler { return s.Messages.sched }
