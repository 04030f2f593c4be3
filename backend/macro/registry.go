package macro

import "sort"

// Context is where a template is used; it decides which macros may appear and how
// their values are escaped.
type Context string

// Contexts.
const (
	Subject Context = "subject" // an email header: plain text, no CR/LF
	HTML    Context = "html"    // an email's HTML part
	Text    Context = "text"    // an email's plain-text part
	Banner  Context = "banner"  // a partner-dashboard banner (HTML)
)

// Scope is the kind of message a template belongs to; it decides which families of
// macros make sense (no offer macros in a General message, no partner macros to advertisers).
type Scope string

// Scopes.
const (
	ScopeGeneral      Scope = "general"       // General message to partners (or the team)
	ScopeOfferDetails Scope = "offer_details" // Offer Details message to partners
	ScopeAdvertiser   Scope = "advertiser"    // General message to advertisers
)

// Def is a registry entry: everything the editor shows and the validator checks.
type Def struct {
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Example     string    `json:"example"`
	Contexts    []Context `json:"contexts"`
	Scopes      []Scope   `json:"scopes"`
	// Offer marks an offer-scoped macro: it takes an offer ID ({offer_name:123}).
	Offer bool `json:"offer"`
	// URL marks a value that is a whole link, usable as an href.
	URL bool `json:"url"`
}

var (
	everywhere  = []Context{Subject, HTML, Text, Banner}
	bodies      = []Context{HTML, Text, Banner}
	partnerish  = []Scope{ScopeGeneral, ScopeOfferDetails}
	allScopes   = []Scope{ScopeGeneral, ScopeOfferDetails, ScopeAdvertiser}
	offerScope  = []Scope{ScopeOfferDetails}
	advertisers = []Scope{ScopeAdvertiser}
)

var defs = []Def{
	{Name: "partner_id", Description: "The partner's network ID.", Example: "1042", Contexts: everywhere, Scopes: partnerish},
	{Name: "partner_name", Description: "The partner's display name.", Example: "Blue Fox Media", Contexts: everywhere, Scopes: partnerish},
	{Name: "partner_first_name", Description: "The partner contact's first name.", Example: "Alex", Contexts: everywhere, Scopes: partnerish},
	{Name: "partner_last_name", Description: "The partner contact's last name.", Example: "Morgan", Contexts: everywhere, Scopes: partnerish},
	{Name: "partner_company", Description: "The partner's company.", Example: "Blue Fox Media Ltd", Contexts: everywhere, Scopes: partnerish},
	{Name: "partner_email", Description: "The partner's email address.", Example: "alex@bluefox.example", Contexts: everywhere, Scopes: partnerish},
	{Name: "partner_country", Description: "The partner's country (ISO code).", Example: "GB", Contexts: everywhere, Scopes: partnerish},
	{Name: "account_manager_name", Description: "The recipient's account manager.", Example: "Jamie Lee", Contexts: everywhere, Scopes: allScopes},
	{Name: "account_manager_email", Description: "The account manager's email address.", Example: "jamie@network.example", Contexts: everywhere, Scopes: allScopes},
	{Name: "advertiser_id", Description: "The advertiser's network ID.", Example: "77", Contexts: everywhere, Scopes: advertisers},
	{Name: "advertiser_name", Description: "The advertiser's name.", Example: "Acme Health", Contexts: everywhere, Scopes: advertisers},
	{Name: "advertiser_contact_name", Description: "The advertiser's contact person.", Example: "Dana Cruz", Contexts: everywhere, Scopes: advertisers},
	{Name: "advertiser_contact_email", Description: "The advertiser contact's email address.", Example: "dana@acme.example", Contexts: everywhere, Scopes: advertisers},
	{Name: "offer_id", Description: "The offer's network ID.", Example: "123", Contexts: everywhere, Scopes: offerScope, Offer: true},
	{Name: "offer_name", Description: "The offer's name.", Example: "Acme Keto Trial", Contexts: everywhere, Scopes: offerScope, Offer: true},
	{Name: "offer_description", Description: "The offer's description.", Example: "Free 14-day trial, US only.", Contexts: bodies, Scopes: offerScope, Offer: true},
	{Name: "offer_payout", Description: "The offer's payout: the amount with currency, or the percentage of the sale for CPS offers (\"12%\").", Example: "$12.50", Contexts: everywhere, Scopes: offerScope, Offer: true},
	{Name: "offer_preview_url", Description: "The offer's landing-page preview.", Example: "https://acme.example/keto", Contexts: bodies, Scopes: offerScope, Offer: true, URL: true},
	{Name: "offer_tracking_link", Description: "The recipient's own tracking link for the offer.", Example: "https://trk.network.example/4F2KD/9XQ2P/", Contexts: bodies, Scopes: offerScope, Offer: true, URL: true},
	{Name: "network_name", Description: "Your network's name (Settings).", Example: "Northwind Affiliates", Contexts: everywhere, Scopes: allScopes},
	{Name: "current_date", Description: "Today's date in your time zone.", Example: "November 28, 2026", Contexts: everywhere, Scopes: allScopes},
	{Name: "unsub_link", Description: "The recipient's one-click unsubscribe link (added to the footer when missing).", Example: "https://trk.network.example/u/…", Contexts: []Context{HTML, Text}, Scopes: allScopes, URL: true},
}

var byName = func() map[string]*Def {
	m := make(map[string]*Def, len(defs))
	for i := range defs {
		m[defs[i].Name] = &defs[i]
	}
	return m
}()

// Registry returns every macro, sorted by name. The slice is a copy.
func Registry() []Def {
	out := append([]Def(nil), defs...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (d *Def) allows(c Context) bool {
	for _, x := range d.Contexts {
		if x == c {
			return true
		}
	}
	return false
}

func (d *Def) inScope(s Scope) bool {
	for _, x := range d.Scopes {
		if x == s {
			return true
		}
	}
	return false
}
