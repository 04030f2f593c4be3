package api

import (
	"commhub/backend/network"
	"commhub/backend/settings"
	"commhub/backend/store"
)

// Network answers questions about partners, advertisers, offers and their performance.
type Network struct {
	deps Deps
}

// chartDays is how much history the partner drawer shows.
const chartDays = 90

// Summary counts the network and says whether it is the demo.
func (n *Network) Summary() (network.Summary, error) {
	return network.Summarize(n.deps.Store.DB)
}

// Facets lists the values the table filters offer.
func (n *Network) Facets() (network.Facets, error) {
	return network.LoadFacets(n.deps.Store.DB)
}

// ListPartners returns one page of partners.
func (n *Network) ListPartners(q network.PartnerQuery) (network.PartnerPage, error) {
	return network.ListPartners(n.deps.Store.DB, q)
}

// ListAdvertisers returns one page of advertisers.
func (n *Network) ListAdvertisers(q network.AdvertiserQuery) (network.AdvertiserPage, error) {
	return network.ListAdvertisers(n.deps.Store.DB, q)
}

// ListOffers returns one page of offers.
func (n *Network) ListOffers(q network.OfferQuery) (network.OfferPage, error) {
	return network.ListOffers(n.deps.Store.DB, q)
}

// GetPartner returns a partner with approvals and 90 days of performance.
func (n *Network) GetPartner(id int64) (network.PartnerDetail, error) {
	return network.GetPartner(n.deps.Store.DB, id, n.deps.Now().UTC(), chartDays)
}

// ClearDemo removes the rows of the demo network, and only them: partners, advertisers,
// offers, approvals and stats the user imported or synced stay.
func (n *Network) ClearDemo() error {
	if err := store.ClearDemo(n.deps.Store.DB); err != nil {
		return err
	}
	return settings.ForgetDemo(n.deps.Store.DB)
}

// beforeOwnData applies the user's choice about the demo network (store.DemoClear,
// DemoKeep, or DemoAsk to refuse while it is still open) before an import or sync.
func beforeOwnData(deps Deps, choice string) error {
	cleared, err := store.BeforeOwnData(deps.Store.DB, choice)
	if err != nil || !cleared {
		return err
	}
	return settings.ForgetDemo(deps.Store.DB)
}
