package compose

import (
	"strconv"
	"strings"

	"commhub/backend/model"
)

// recipient is everything rendering and the eligibility rule need about one recipient.
type recipient struct {
	Kind      string
	ID        int64
	Found     bool
	Name      string
	FirstName string
	LastName  string
	Company   string
	Email     string
	Country   string
	Status    string
	Unsub     bool
	EncodedID string
	AMName    string
	AMEmail   string
	// Suppressed is the suppression reason of the address, "" when it is not suppressed.
	Suppressed string
	// approvals maps offer ID to the partner's approval status for the message's offers.
	approvals map[int64]string
	// links are tracking links cached from the platform, by offer ID.
	links map[int64]string
}

// offerInfo is an offer as rendered: strings prepared once per message.
type offerInfo struct {
	ID          int64
	IDText      string
	Name        string
	Description string
	Payout      string
	PreviewURL  string
	EncodedID   string
	Visibility  string
	Status      string
}

// values answers macro lookups for one recipient of one compiled message.
type values struct {
	c     *Compiled
	r     *recipient
	unsub string
	links map[int64]string // tracking links built so far
	idTxt string
}

func (c *Compiled) valuesFor(r *recipient) *values {
	return &values{c: c, r: r, unsub: c.unsubscribeURL(r), idTxt: strconv.FormatInt(r.ID, 10)}
}

// Value implements macro.Values.
func (v *values) Value(name string, offerID int64) string {
	r := v.r
	switch name {
	case "partner_id", "advertiser_id":
		return v.idTxt
	case "partner_name", "advertiser_name":
		return r.Name
	case "partner_first_name":
		return r.FirstName
	case "partner_last_name":
		return r.LastName
	case "partner_company":
		return r.Company
	case "partner_email", "advertiser_contact_email":
		return r.Email
	case "advertiser_contact_name":
		return r.FirstName
	case "partner_country":
		return r.Country
	case "account_manager_name":
		return r.AMName
	case "account_manager_email":
		return r.AMEmail
	case "network_name":
		return v.c.settings.NetworkName
	case "current_date":
		return v.c.today
	case "unsub_link":
		return v.unsub
	}
	if strings.HasPrefix(name, "offer_") {
		return v.offerValue(name, offerID)
	}
	return ""
}

func (v *values) offerValue(name string, offerID int64) string {
	o := v.c.offers[offerID]
	if o == nil {
		return ""
	}
	switch name {
	case "offer_id":
		return o.IDText
	case "offer_name":
		return o.Name
	case "offer_description":
		return o.Description
	case "offer_payout":
		return o.Payout
	case "offer_preview_url":
		return o.PreviewURL
	case "offer_tracking_link":
		if l, ok := v.links[offerID]; ok {
			return l
		}
		if v.c.links.missing(v.r.EncodedID, o.EncodedID) != "" && v.r.links[offerID] == "" {
			return ""
		}
		l := v.c.links.build(v.r, o, v.c.msg.Tracking)
		if v.links == nil {
			v.links = map[int64]string{}
		}
		v.links[offerID] = l
		return l
	}
	return ""
}

var currencySymbols = map[string]string{"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$", "JPY": "¥"}

// formatMoney writes integer cents as money without going through floats.
// offerPayout shows what a partner earns: a percentage of the sale for CPS offers ("12%"),
// both parts for mixed ones ("$2.50 + 12%"), the amount otherwise.
func offerPayout(o *model.Offer) string {
	money := formatMoney(o.PayoutCents, o.Currency)
	if o.PayoutPercent <= 0 || !strings.Contains(o.PayoutType, "cps") {
		return money
	}
	pct := strconv.FormatFloat(o.PayoutPercent, 'f', -1, 64) + "%"
	if o.PayoutType == "cps" || o.PayoutCents == 0 {
		return pct
	}
	return money + " + " + pct
}

func formatMoney(cents int64, currency string) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	units := strconv.FormatInt(cents/100, 10)
	for i := len(units) - 3; i > 0; i -= 3 {
		units = units[:i] + "," + units[i:]
	}
	frac := strconv.FormatInt(cents%100+100, 10)[1:]
	sign := ""
	if neg {
		sign = "-"
	}
	if sym, ok := currencySymbols[strings.ToUpper(currency)]; ok {
		return sign + sym + units + "." + frac
	}
	return sign + units + "." + frac + " " + strings.ToUpper(currency)
}
