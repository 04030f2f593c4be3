package network

import (
	"gorm.io/gorm"

	"commhub/backend/model"
)

// OfferQuery filters the offers table. Zero values mean "any".
type OfferQuery struct {
	Search     string `json:"search"`
	Status     string `json:"status"`
	Visibility string `json:"visibility"`
	Category   string `json:"category"`
	Advertiser int64  `json:"advertiser"`
	Paging
}

// OfferRow is an offer as the table and the composer's offer picker show it.
type OfferRow struct {
	ID               int64  `json:"id"`
	Name             string `json:"name"`
	Status           string `json:"status"`
	Visibility       string `json:"visibility"`
	PayoutCents      int64  `json:"payoutCents"`
	RevenueCents     int64  `json:"revenueCents"`
	Currency         string `json:"currency"`
	PreviewURL       string `json:"previewUrl"`
	Category         string `json:"category"`
	AdvertiserID     *int64 `json:"advertiserId"`
	AdvertiserName   string `json:"advertiserName"`
	ApprovedPartners int64  `json:"approvedPartners"`
}

// Visibilities lists every valid offer visibility.
var Visibilities = []string{model.VisibilityPublic, model.VisibilityRequireApproval, model.VisibilityPrivate}

var offerSorts = map[string]string{
	"name": "name COLLATE NOCASE", "id": "id", "status": "status", "payout": "payout_cents",
	"revenue": "revenue_cents", "category": "category", "visibility": "visibility",
}

const offerColumns = `id, name, status, visibility, payout_cents, revenue_cents, currency, preview_url, category,
	advertiser_id, (SELECT name FROM advertisers a WHERE a.id = offers.advertiser_id) AS advertiser_name,
	(SELECT count(*) FROM approvals ap WHERE ap.offer_id = offers.id AND ap.status = 'approved') AS approved_partners`

// Where returns the SQL conditions of q.
func (q OfferQuery) Where() (string, []any, error) {
	if err := oneOf("offer visibility", q.Visibility, Visibilities); err != nil {
		return "", nil, err
	}
	var f filter
	f.search(q.Search, "name", "category")
	f.equal("status", q.Status)
	f.equal("visibility", q.Visibility)
	f.equal("category", q.Category)
	f.equal("advertiser_id", q.Advertiser)
	return f.sql(), f.args, nil
}

// OfferPage is one page of offers and how many match in all.
type OfferPage struct {
	Items []OfferRow `json:"items"`
	Total int64      `json:"total"`
}

// ListOffers returns one page of offers matching q.
func ListOffers(db *gorm.DB, q OfferQuery) (OfferPage, error) {
	items, total, err := list[OfferRow](db, "offers", offerColumns, q, q.Paging, offerSorts)
	return OfferPage{items, total}, err
}
