package network

import (
	"time"

	"gorm.io/gorm"

	"commhub/backend/fault"
	"commhub/backend/model"
)

// PartnerQuery filters the partners table. Zero values mean "any".
type PartnerQuery struct {
	Search  string `json:"search"`
	Status  string `json:"status"`
	Tag     string `json:"tag"`
	Manager int64  `json:"manager"`
	Country string `json:"country"`
	Paging
}

// PartnerRow is a partner as the tables and pickers show it.
type PartnerRow struct {
	ID                 int64      `json:"id"`
	Name               string     `json:"name"`
	FirstName          string     `json:"firstName"`
	LastName           string     `json:"lastName"`
	Email              string     `json:"email"`
	Company            string     `json:"company"`
	Status             string     `json:"status"`
	Tags               model.Tags `json:"tags"`
	Country            string     `json:"country"`
	AccountManagerID   *int64     `json:"accountManagerId"`
	AccountManagerName string     `json:"accountManagerName"`
	CreatedAt          time.Time  `json:"createdAt"`
	LastLoginAt        *time.Time `json:"lastLoginAt"`
	NotificationPref   string     `json:"notificationPref"`
	Unsubscribed       bool       `json:"unsubscribed"`
}

var partnerSorts = map[string]string{
	"name": "name COLLATE NOCASE", "id": "id", "created": "created_at", "lastLogin": "last_login_at",
	"status": "status", "country": "country", "email": "email COLLATE NOCASE",
}

const partnerColumns = `id, name, first_name, last_name, email, company, status, tags, country,
	account_manager_id, (SELECT name FROM employees e WHERE e.id = partners.account_manager_id) AS account_manager_name,
	created_at, last_login_at, notification_pref, unsubscribed`

// Where returns the SQL conditions of q, shared by the table, its count and CSV export.
func (q PartnerQuery) Where() (string, []any, error) {
	if err := oneOf("partner status", q.Status, model.PartnerStatuses); err != nil {
		return "", nil, err
	}
	var f filter
	f.search(q.Search, "name", "email", "company", "first_name || ' ' || last_name")
	f.equal("status", q.Status)
	f.tag(q.Tag)
	f.equal("account_manager_id", q.Manager)
	f.equal("country", q.Country)
	return f.sql(), f.args, nil
}

// PartnerPage is one page of partners and how many match in all.
type PartnerPage struct {
	Items []PartnerRow `json:"items"`
	Total int64        `json:"total"`
}

// ListPartners returns one page of partners matching q, and how many match in all.
func ListPartners(db *gorm.DB, q PartnerQuery) (PartnerPage, error) {
	items, total, err := list[PartnerRow](db, "partners", partnerColumns, q, q.Paging, partnerSorts)
	return PartnerPage{items, total}, err
}

// PartnerApproval is one of a partner's offer applications.
type PartnerApproval struct {
	OfferID    int64  `json:"offerId"`
	OfferName  string `json:"offerName"`
	Visibility string `json:"visibility"`
	Status     string `json:"status"`
}

// PartnerDetail is everything the partner drawer shows.
type PartnerDetail struct {
	Partner   PartnerRow        `json:"partner"`
	Approvals []PartnerApproval `json:"approvals"`
	Daily     []DayTotals       `json:"daily"`
	Totals    Totals            `json:"totals"`
}

// GetPartner loads one partner with approvals and the last days of performance up to today.
func GetPartner(db *gorm.DB, id int64, today time.Time, days int) (PartnerDetail, error) {
	var d PartnerDetail
	var rows []PartnerRow
	if err := db.Raw("SELECT "+partnerColumns+" FROM partners WHERE id = ?", id).Scan(&rows).Error; err != nil {
		return d, err
	}
	if len(rows) == 0 {
		return d, fault.NotFoundf("partner %d does not exist", id)
	}
	d.Partner = rows[0]
	d.Approvals = []PartnerApproval{}
	err := db.Raw(`SELECT a.offer_id, o.name AS offer_name, o.visibility, a.status
		FROM approvals a JOIN offers o ON o.id = a.offer_id WHERE a.partner_id = ? ORDER BY o.name`, id).Scan(&d.Approvals).Error
	if err != nil {
		return d, err
	}
	d.Daily, d.Totals, err = dailyTotals(db, "partner_id = ?", id, today, days)
	return d, err
}
