package network

import (
	"gorm.io/gorm"

	"commhub/backend/model"
)

// AdvertiserQuery filters the advertisers table. Zero values mean "any".
type AdvertiserQuery struct {
	Search  string `json:"search"`
	Status  string `json:"status"`
	Tag     string `json:"tag"`
	Manager int64  `json:"manager"`
	Paging
}

// AdvertiserRow is an advertiser as the table shows it.
type AdvertiserRow struct {
	ID                 int64      `json:"id"`
	Name               string     `json:"name"`
	ContactName        string     `json:"contactName"`
	ContactEmail       string     `json:"contactEmail"`
	Status             string     `json:"status"`
	Tags               model.Tags `json:"tags"`
	AccountManagerID   *int64     `json:"accountManagerId"`
	AccountManagerName string     `json:"accountManagerName"`
	Offers             int64      `json:"offers"`
}

var advertiserSorts = map[string]string{"name": "name COLLATE NOCASE", "id": "id", "status": "status", "offers": "offers"}

const advertiserColumns = `id, name, contact_name, contact_email, status, tags, account_manager_id,
	(SELECT name FROM employees e WHERE e.id = advertisers.account_manager_id) AS account_manager_name,
	(SELECT count(*) FROM offers o WHERE o.advertiser_id = advertisers.id) AS offers`

// Where returns the SQL conditions of q.
func (q AdvertiserQuery) Where() (string, []any, error) {
	var f filter
	f.search(q.Search, "name", "contact_name", "contact_email")
	f.equal("status", q.Status)
	f.tag(q.Tag)
	f.equal("account_manager_id", q.Manager)
	return f.sql(), f.args, nil
}

// AdvertiserPage is one page of advertisers and how many match in all.
type AdvertiserPage struct {
	Items []AdvertiserRow `json:"items"`
	Total int64           `json:"total"`
}

// ListAdvertisers returns one page of advertisers matching q.
func ListAdvertisers(db *gorm.DB, q AdvertiserQuery) (AdvertiserPage, error) {
	items, total, err := list[AdvertiserRow](db, "advertisers", advertiserColumns, q, q.Paging, advertiserSorts)
	return AdvertiserPage{items, total}, err
}

// wherer is a query that knows its SQL conditions.
type wherer interface {
	Where() (string, []any, error)
}

// list runs the count and the page query of a table. Bound methods return concrete page
// types, since the desktop bridge's type generator cannot express generics.
func list[T any](db *gorm.DB, table, columns string, q wherer, p Paging, sorts map[string]string) ([]T, int64, error) {
	items := []T{}
	where, args, err := q.Where()
	if err != nil {
		return items, 0, err
	}
	order, err := orderBy(p.Sort, sorts, "name")
	if err != nil {
		return items, 0, err
	}
	limit, offset, err := p.limitOffset()
	if err != nil {
		return items, 0, err
	}
	var total int64
	if err := db.Raw("SELECT count(*) FROM "+table+where, args...).Scan(&total).Error; err != nil {
		return items, 0, err
	}
	sql := "SELECT " + columns + " FROM " + table + where + " ORDER BY " + order + " LIMIT ? OFFSET ?"
	err = db.Raw(sql, append(args, limit, offset)...).Scan(&items).Error
	return items, total, err
}
