package platform

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"commhub/backend/events"
	"commhub/backend/model"
)

// Sync pulls a platform's data into the store.
type Sync struct {
	DB     *gorm.DB
	Events events.Sink
	Now    func() time.Time
	// MaxLinks bounds the tracking links fetched per run (one per partner or offer that
	// has no encoded ID yet); the rest follow in later runs.
	MaxLinks int
}

// overlap re-reads a little before the last sync, so clock skew loses nothing.
const overlap = time.Hour

var phases = []string{"employees", "advertisers", "partners", "offers", "approvals", "stats", "links"}

// Run syncs every entity, then daily stats for from..to ("YYYY-MM-DD"; empty from means two
// days before the last stats sync, or 30 days ago the first time; empty to means today).
// Entities whose phase fails keep their previous sync time, so the next run retries them.
func (s *Sync) Run(ctx context.Context, p Platform, from, to string) (Report, error) {
	if s.Events == nil {
		s.Events = events.Discard{}
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.MaxLinks == 0 {
		s.MaxLinks = 200
	}
	now := s.Now().UTC()
	from, to, err := s.statsRange(p, from, to, now)
	rep := Report{Platform: p.Name(), From: from, To: to, StartedAt: now, Warnings: []string{}, Missing: []PhaseNote{}}
	if err != nil {
		return rep, err
	}
	err = s.phases(ctx, p, &rep)
	rep.FinishedAt = s.Now().UTC()
	if err != nil {
		rep.Error = err.Error()
	}
	s.Events.Emit(events.SyncProgress, Progress{Platform: p.Name(), Phase: "done", Step: len(phases), Steps: len(phases), Done: true, Note: rep.Error})
	return rep, err
}

func (s *Sync) phases(ctx context.Context, p Platform, rep *Report) error {
	for i, phase := range phases {
		s.Events.Emit(events.SyncProgress, Progress{Platform: p.Name(), Phase: phase, Step: i, Steps: len(phases)})
		since, err := s.syncedAt(p.Name(), phase)
		if err != nil {
			return err
		}
		if !since.IsZero() {
			since = since.Add(-overlap)
		}
		started := s.Now().UTC()
		progress := func(n int) {
			s.Events.Emit(events.SyncProgress, Progress{Platform: p.Name(), Phase: phase, Step: i, Steps: len(phases), Rows: n})
		}
		if err := s.phase(ctx, p, phase, since, rep, progress); err != nil {
			var inc interface{ Incomplete() bool }
			if !errors.As(err, &inc) {
				return fmt.Errorf("sync %s: %w", phase, err)
			}
			rep.Warnings = append(rep.Warnings, err.Error())
		}
		if err := s.markSynced(p.Name(), phase, started, rep.To); err != nil {
			return err
		}
	}
	return nil
}

func (s *Sync) phase(ctx context.Context, p Platform, phase string, since time.Time, rep *Report, progress func(int)) error {
	switch phase {
	case "employees":
		return p.Employees(ctx, func(rows []model.Employee) error {
			rep.Employees += len(rows)
			progress(rep.Employees)
			return s.upsert(&rows, []string{"id"}, "employees", []string{"name", "role"}, []string{"email"})
		})
	case "advertisers":
		miss := missing{}
		defer miss.note(rep, phase, "advertisers")
		return p.Advertisers(ctx, since, func(rows []model.Advertiser) error {
			rep.Advertisers += len(rows)
			progress(rep.Advertisers)
			for _, r := range rows {
				if r.ContactEmail == "" {
					miss["contact"]++
				}
			}
			if err := s.ensureManagers(advertiserManagers(rows)); err != nil {
				return err
			}
			return s.upsert(&rows, []string{"id"}, "advertisers", []string{"name", "status", "account_manager_id", "tags", "created_at", "updated_at"}, []string{"contact_name", "contact_email"})
		})
	case "partners":
		miss := missing{}
		defer miss.note(rep, phase, "partners")
		return p.Partners(ctx, since, func(rows []model.Partner) error {
			rep.Partners += len(rows)
			progress(rep.Partners)
			for _, r := range rows {
				if r.Email == "" {
					miss["email"]++
				}
				if r.Email != "" && r.FirstName == "" && r.LastName == "" {
					miss["name"]++
				}
				if r.Country == "" {
					miss["country"]++
				}
				if r.AccountManagerID == nil {
					miss["manager"]++
				}
			}
			if err := s.ensureManagers(partnerManagers(rows)); err != nil {
				return err
			}
			return s.upsert(&rows, []string{"id"}, "partners", []string{"name", "status", "account_manager_id", "tags", "created_at", "updated_at"},
				[]string{"first_name", "last_name", "email", "country", "encoded_id"})
		})
	case "offers":
		return p.Offers(ctx, since, func(rows []model.Offer) error {
			rep.Offers += len(rows)
			progress(rep.Offers)
			return s.upsert(&rows, []string{"id"}, "offers", []string{"name", "status", "visibility", "payout_cents", "payout_type", "payout_percent",
				"revenue_cents", "currency", "advertiser_id", "created_at", "updated_at"}, []string{"preview_url", "category", "encoded_id"})
		})
	case "approvals":
		return p.Approvals(ctx, func(rows []model.Approval) error {
			rep.Approvals += len(rows)
			progress(rep.Approvals)
			return s.upsert(&rows, []string{"partner_id", "offer_id"}, "approvals", []string{"status", "updated_at"}, nil)
		})
	case "stats":
		// An incomplete day comes back as an error that phases turns into a warning.
		return p.DailyStats(ctx, rep.From, rep.To, func(rows []model.DailyStat) error {
			rep.Stats += len(rows)
			progress(rep.Stats)
			return s.upsert(&rows, []string{"date", "partner_id", "offer_id"}, "daily_stats", []string{"clicks", "conversions", "revenue_cents", "payout_cents"}, nil)
		})
	case "links":
		if e, ok := p.(Encoder); ok {
			if err := s.encode(ctx, e, rep, progress); err != nil {
				return err
			}
		}
		if err := s.links(ctx, p, rep, progress); err != nil {
			return err
		}
		for _, t := range []struct{ table, what string }{{"partners", "active partners"}, {"offers", "active offers"}} {
			var n int64
			if err := s.DB.Raw("SELECT count(*) FROM " + t.table + " WHERE encoded_id = '' AND status = 'active'").Scan(&n).Error; err != nil {
				return err
			}
			missing{"encoded": int(n)}.note(rep, phase, t.what)
		}
		return nil
	}
	return nil
}

// upsert writes rows by key, overwriting the platform's columns and the keepIfEmpty ones
// only when the platform sent a value (local edits of, say, an e-mail survive an empty one).
func (s *Sync) upsert(rows any, keys []string, table string, cols, keepIfEmpty []string) error {
	set := clause.AssignmentColumns(cols)
	// A demo row the platform sends again is the user's from now on: clearing the demo spares it.
	set = append(set, clause.Assignment{Column: clause.Column{Name: "demo"}, Value: gorm.Expr("0")})
	for _, c := range keepIfEmpty {
		set = append(set, clause.Assignment{Column: clause.Column{Name: c},
			Value: gorm.Expr(fmt.Sprintf("CASE WHEN excluded.%s <> '' THEN excluded.%s ELSE %s.%s END", c, c, table, c))})
	}
	conflict := clause.OnConflict{DoUpdates: set}
	for _, k := range keys {
		conflict.Columns = append(conflict.Columns, clause.Column{Name: k})
	}
	return s.DB.Clauses(conflict).CreateInBatches(rows, 100).Error
}

// links fetches one tracking link for each partner and offer without an encoded ID, caches
// it and takes the encoded IDs from its path (https://domain/{partner}/{offer}/), so every
// other link builds offline.
func (s *Sync) links(ctx context.Context, p Platform, rep *Report, progress func(int)) error {
	var pairs []struct{ PartnerID, OfferID int64 }
	err := s.DB.Raw(`SELECT p.id AS partner_id, (SELECT ap.offer_id FROM approvals ap WHERE ap.partner_id = p.id AND ap.status = 'approved'
			UNION ALL SELECT o.id FROM offers o WHERE o.visibility = 'public' LIMIT 1) AS offer_id
		FROM partners p WHERE p.encoded_id = '' AND p.status = 'active' ORDER BY p.id LIMIT ?`, s.MaxLinks).Scan(&pairs).Error
	if err != nil {
		return err
	}
	var offerPairs []struct{ PartnerID, OfferID int64 }
	err = s.DB.Raw(`SELECT (SELECT ap.partner_id FROM approvals ap WHERE ap.offer_id = o.id AND ap.status = 'approved'
			UNION ALL SELECT p.id FROM partners p WHERE p.status = 'active' AND o.visibility = 'public' LIMIT 1) AS partner_id, o.id AS offer_id
		FROM offers o WHERE o.encoded_id = '' AND o.status = 'active' ORDER BY o.id LIMIT ?`, s.MaxLinks).Scan(&offerPairs).Error
	if err != nil {
		return err
	}
	for _, pr := range append(pairs, offerPairs...) {
		if rep.Links >= s.MaxLinks {
			break
		}
		if pr.PartnerID == 0 || pr.OfferID == 0 || s.hasEncoded(pr.PartnerID, pr.OfferID) {
			continue
		}
		link, err := p.TrackingLink(ctx, pr.PartnerID, pr.OfferID)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("tracking link for partner %d and offer %d: %v", pr.PartnerID, pr.OfferID, err))
			continue
		}
		if err := s.storeLink(pr.PartnerID, pr.OfferID, link); err != nil {
			return err
		}
		rep.Links++
		progress(rep.Links)
	}
	return nil
}

func (s *Sync) hasEncoded(partnerID, offerID int64) bool {
	var n int64
	s.DB.Raw(`SELECT (SELECT count(*) FROM partners WHERE id = ? AND encoded_id <> '') + (SELECT count(*) FROM offers WHERE id = ? AND encoded_id <> '')`,
		partnerID, offerID).Scan(&n)
	return n == 2
}

func (s *Sync) storeLink(partnerID, offerID int64, link string) error {
	return s.DB.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO tracking_links (partner_id, offer_id, url, fetched_at) VALUES (?, ?, ?, ?)
			ON CONFLICT(partner_id, offer_id) DO UPDATE SET url = excluded.url, fetched_at = excluded.fetched_at`,
			partnerID, offerID, link, s.Now().UTC()).Error; err != nil {
			return err
		}
		pe, oe, ok := EncodedIDs(link)
		if !ok {
			return nil
		}
		if err := tx.Exec("UPDATE partners SET encoded_id = ? WHERE id = ? AND encoded_id = ''", pe, partnerID).Error; err != nil {
			return err
		}
		return tx.Exec("UPDATE offers SET encoded_id = ? WHERE id = ? AND encoded_id = ''", oe, offerID).Error
	})
}

// EncodedIDs reads the partner and offer codes of an Everflow-style link
// https://{tracking_domain}/{encoded_partner_id}/{encoded_offer_id}/.
func EncodedIDs(link string) (partner, offer string, ok bool) {
	u, err := url.Parse(link)
	if err != nil {
		return "", "", false
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) != 2 || !alnum(parts[0]) || !alnum(parts[1]) {
		return "", "", false
	}
	return parts[0], parts[1], true
}

func alnum(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

type syncState struct {
	Platform string
	Entity   string
	SyncedAt time.Time
	Cursor   string
}

func (syncState) TableName() string { return "sync_state" }

func (s *Sync) syncedAt(platform, entity string) (time.Time, error) {
	var st syncState
	err := s.DB.Where("platform = ? AND entity = ?", platform, entity).Limit(1).Find(&st).Error
	return st.SyncedAt, err
}

func (s *Sync) markSynced(platform, entity string, at time.Time, cursor string) error {
	return s.DB.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "platform"}, {Name: "entity"}},
		DoUpdates: clause.AssignmentColumns([]string{"synced_at", "cursor"})}).
		Create(&syncState{Platform: platform, Entity: entity, SyncedAt: at, Cursor: cursor}).Error
}

// State lists when each entity was last synced from the platform.
func State(db *gorm.DB, platform string) (map[string]time.Time, error) {
	var rows []syncState
	if err := db.Where("platform = ?", platform).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := map[string]time.Time{}
	for _, r := range rows {
		out[r.Entity] = r.SyncedAt
	}
	return out, nil
}

// statsRange fills in the default date range and checks it.
func (s *Sync) statsRange(p Platform, from, to string, now time.Time) (string, string, error) {
	if to == "" {
		to = now.Format("2006-01-02")
	}
	if from == "" {
		var last syncState
		s.DB.Where("platform = ? AND entity = ?", p.Name(), "stats").Limit(1).Find(&last)
		if t, err := time.Parse("2006-01-02", last.Cursor); err == nil {
			from = t.AddDate(0, 0, -2).Format("2006-01-02") // late conversions change recent days
		} else {
			from = now.AddDate(0, 0, -30).Format("2006-01-02")
		}
	}
	f, err1 := time.Parse("2006-01-02", from)
	t, err2 := time.Parse("2006-01-02", to)
	switch {
	case err1 != nil || err2 != nil:
		return from, to, invalidRange(fmt.Sprintf("dates must be YYYY-MM-DD (got %q to %q)", from, to))
	case t.Before(f):
		return from, to, invalidRange(fmt.Sprintf("the range ends (%s) before it starts (%s)", to, from))
	case t.Sub(f) > 366*24*time.Hour:
		return from, to, invalidRange("the range is longer than a year: sync it in parts")
	}
	return from, to, nil
}
