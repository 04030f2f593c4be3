package audience

import (
	"context"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"commhub/backend/model"
	"commhub/backend/paging"
)

// SettingTimeZone is the settings key holding the user's IANA time zone; periods are
// counted in it. When it is unset or unknown, the zone of the caller's clock is used.
const SettingTimeZone = "time_zone"

// Zone returns the user's time zone from settings, else now's location.
func Zone(db *gorm.DB, now time.Time) *time.Location {
	var s model.Setting
	if err := db.Where("key = ?", SettingTimeZone).Limit(1).Find(&s).Error; err == nil && s.Value != "" {
		if loc, err := time.LoadLocation(s.Value); err == nil {
			return loc
		}
	}
	return now.Location()
}

// prepare validates and compiles rules for one query.
func prepare(ctx context.Context, db *gorm.DB, r Rules, now time.Time, loc *time.Location) (*plan, error) {
	n, vis, err := check(ctx, db, r)
	if err != nil {
		return nil, err
	}
	return compile(n, vis, now, loc)
}

// CountIn returns how many recipients the rules select now, with days counted in loc
// (callers pass the user's zone, Zone(db, now)).
func CountIn(ctx context.Context, db *gorm.DB, r Rules, now time.Time, loc *time.Location) (int64, error) {
	p, err := prepare(ctx, db, r, now, loc)
	if err != nil {
		return 0, err
	}
	var n int64
	err = db.WithContext(ctx).Raw("SELECT count(*) FROM "+p.table+" "+p.alias+" WHERE "+p.where, p.args...).Scan(&n).Error
	return n, err
}

// resolveBatch is how many IDs one keyset page fetches (tests shrink it to cross pages).
var resolveBatch = 2000

// Resolve calls fn with every selected ID in ascending order. It pages by ID (keyset), so
// memory stays flat however large the audience, and fn may write to the database between
// pages. An error from fn stops the walk and is returned.
func Resolve(ctx context.Context, db *gorm.DB, r Rules, now time.Time, fn func(id int64) error) error {
	return ResolveIn(ctx, db, r, now, Zone(db, now), fn)
}

// ResolveIn is Resolve with an explicit time zone.
func ResolveIn(ctx context.Context, db *gorm.DB, r Rules, now time.Time, loc *time.Location, fn func(id int64) error) error {
	p, err := prepare(ctx, db, r, now, loc)
	if err != nil {
		return err
	}
	batch := resolveBatch
	query := "SELECT " + p.alias + ".id FROM " + p.table + " " + p.alias + " WHERE " + p.alias + ".id > ? AND " +
		p.where + " ORDER BY " + p.alias + ".id LIMIT " + strconv.Itoa(batch)
	page := make([]int64, 0, batch)
	var after int64 = -1 << 63
	for {
		page = page[:0]
		args := append([]any{after}, p.args...)
		if err := db.WithContext(ctx).Raw(query, args...).Scan(&page).Error; err != nil {
			return err
		}
		for _, id := range page {
			if err := fn(id); err != nil {
				return err
			}
		}
		if len(page) < batch {
			return nil
		}
		after = page[len(page)-1]
	}
}

// SampleItem is one potential recipient shown in the editor. Metric is the value behind the
// first performance rule (cents for money), when the rules have one.
type SampleItem struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Status string `json:"status"`
	Metric *int64 `json:"metric"`
}

// SampleResult is a page of the audience filtered by search; Total counts every match of
// rules and search. Metric names the metric in the items (empty when none).
type SampleResult struct {
	Items  []SampleItem `json:"items"`
	Total  int64        `json:"total"`
	Metric string       `json:"metric"`
}

// Sample lists up to limit recipients (by name) matching rules and search (name, e-mail or ID).
func Sample(ctx context.Context, db *gorm.DB, r Rules, now time.Time, loc *time.Location, search string, limit int) (SampleResult, error) {
	_, limit, err := paging.Window(0, limit, 50, 200)
	if err != nil {
		return SampleResult{}, err
	}
	p, err := prepare(ctx, db, r, now, loc)
	if err != nil {
		return SampleResult{}, err
	}
	email := "p.email"
	if p.kind == model.AudienceAdvertisers {
		email = "a.contact_email"
	}
	where, args := p.where, p.args
	if s := strings.TrimSpace(search); s != "" {
		like := "%" + escapeLike(s) + "%"
		where += " AND (" + p.alias + `.name LIKE ? ESCAPE '\' OR coalesce(` + email + `, '') LIKE ? ESCAPE '\' OR CAST(` + p.alias + ".id AS TEXT) = ?)"
		args = append(append([]any{}, args...), like, like, s)
	}
	out := SampleResult{Items: []SampleItem{}}
	from := " FROM " + p.table + " " + p.alias + " WHERE " + where
	if err := db.WithContext(ctx).Raw("SELECT count(*)"+from, args...).Scan(&out.Total).Error; err != nil {
		return SampleResult{}, err
	}
	metric, margs := "NULL", []any(nil)
	if p.metric != nil {
		metric, margs, out.Metric = p.metric.expr, p.metric.args, p.metric.Name
	}
	q := "SELECT " + p.alias + ".id AS id, " + p.alias + ".name AS name, coalesce(" + email + ", '') AS email, " +
		p.alias + ".status AS status, " + metric + " AS metric" + from + " ORDER BY " + p.alias + ".name COLLATE NOCASE, " + p.alias + ".id LIMIT ?"
	all := append(append(append([]any{}, margs...), args...), limit)
	err = db.WithContext(ctx).Raw(q, all...).Scan(&out.Items).Error
	return out, err
}
