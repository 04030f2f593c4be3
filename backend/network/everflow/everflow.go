package everflow

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"commhub/backend/model"
	"commhub/backend/network/platform"
)

// PageSize is the rows asked for per page of a table.
const PageSize = 500

// maxPages stops a table walk whose paging never ends (5 million rows).
const maxPages = 10_000

// Adapter is the Everflow implementation of platform.Platform.
type Adapter struct {
	C *Client
	// Currency and TimezoneID are sent with reporting requests (67 is UTC in Everflow).
	Currency   string
	TimezoneID int
	// noAdvertiserUsers is set once the advertiser users endpoint failed: not asked again.
	noAdvertiserUsers bool
}

var _ platform.Platform = (*Adapter)(nil)

// New returns an adapter for the API at base (DefaultBase when empty).
func New(base, apiKey string) *Adapter {
	return &Adapter{C: NewClient(base, apiKey), Currency: "USD", TimezoneID: 67}
}

// Name implements platform.Platform.
func (a *Adapter) Name() string { return "everflow" }

type paging struct {
	Page       int `json:"page"`
	PageSize   int `json:"page_size"`
	TotalCount int `json:"total_count"`
}

type tableRequest struct {
	Filters map[string]any `json:"filters"`
	Paging  struct {
		Page     int `json:"page"`
		PageSize int `json:"page_size"`
	} `json:"paging"`
}

// pages walks a "…table" endpoint. Each table answers with its rows under its own key
// ("affiliates", "offers", …), so newPage returns a fresh answer to decode into together
// with where its rows and paging land. keep turns one row into ours, or drops it (false);
// each gets the kept rows of every page that has some. Walking stops at the last page or
// at an empty one.
func pages[T, R any](ctx context.Context, a *Adapter, path string, extra url.Values, newPage func() (any, *[]T, *paging), keep func(T) (R, bool), each func([]R) error) error {
	for page := 1; ; page++ {
		if page > maxPages {
			return fmt.Errorf("%s: still more pages after %d: Everflow's paging looks broken (no total_count and always full pages)", path, maxPages)
		}
		out, got, p := newPage()
		var req tableRequest
		req.Filters = map[string]any{}
		req.Paging.Page, req.Paging.PageSize = page, PageSize
		q := url.Values{"page": {strconv.Itoa(page)}, "page_size": {strconv.Itoa(PageSize)}}
		for k, v := range extra {
			q[k] = v
		}
		if err := a.C.do(ctx, "POST", path+"?"+q.Encode(), req, out); err != nil {
			return err
		}
		var rows []R
		for _, g := range *got {
			if r, ok := keep(g); ok {
				rows = append(rows, r)
			}
		}
		if len(rows) > 0 {
			if err := each(rows); err != nil {
				return err
			}
		}
		n := len(*got)
		if n == 0 || (p.TotalCount > 0 && page*max(p.PageSize, 1) >= p.TotalCount) || (p.TotalCount == 0 && n < PageSize) {
			return nil
		}
	}
}

// changed says whether a row with this ID, saved at this Unix time, belongs in a sync
// of what changed since since (zero: everything).
func changed(id, saved int64, since time.Time) bool {
	return id > 0 && (since.IsZero() || !unix(saved).Before(since))
}

type labelled struct {
	Labels labelList `json:"labels"`
}

func (l labelled) tags(rel labelList) model.Tags {
	return model.ParseTags(strings.Join(append(append([]string(nil), l.Labels...), rel...), ","))
}

func unix(s int64) time.Time {
	if s <= 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

func optID(id int64) *int64 {
	if id <= 0 {
		return nil
	}
	return &id
}

type affiliate struct {
	labelled
	ID            int64  `json:"network_affiliate_id"`
	Name          string `json:"name"`
	AccountStatus string `json:"account_status"`
	manager
	CountryCode  string `json:"network_country_code"`
	EncodedValue string `json:"encoded_value"`
	TimeCreated  int64  `json:"time_created"`
	TimeSaved    int64  `json:"time_saved"`
	Relationship struct {
		Users          userList  `json:"users"`
		Labels         labelList `json:"labels"`
		ContactAddress struct {
			CountryCode string `json:"country_code"`
		} `json:"contact_address"`
	} `json:"relationship"`
}

// Partners implements platform.Platform (POST /networks/affiliatestable?relationship=users).
// Partners the table gives no user with an e-mail are asked for their users one by one.
func (a *Adapter) Partners(ctx context.Context, since time.Time, each func([]model.Partner) error) error {
	return pages(ctx, a, "/networks/affiliatestable", url.Values{"relationship": {"users"}}, func() (any, *[]affiliate, *paging) {
		var resp struct {
			Affiliates []affiliate `json:"affiliates"`
			Paging     paging      `json:"paging"`
		}
		return &resp, &resp.Affiliates, &resp.Paging
	}, func(af affiliate) (model.Partner, bool) {
		if !changed(af.ID, af.TimeSaved, since) {
			return model.Partner{}, false
		}
		return af.partner(), true
	}, func(rows []model.Partner) error {
		for i := range rows {
			if rows[i].Email != "" {
				continue
			}
			u, err := a.partnerUser(ctx, rows[i].ID)
			if err != nil {
				return err
			}
			if u.Email != "" {
				rows[i].FirstName, rows[i].LastName, rows[i].Email = u.FirstName, u.LastName, u.Email
			}
		}
		return each(rows)
	})
}

func (af affiliate) partner() model.Partner {
	p := model.Partner{ID: af.ID, Name: af.Name, Status: status(af.AccountStatus, model.PartnerStatuses, model.StatusPending),
		AccountManagerID: af.managerID(), AccountManagerName: af.managerName(), Tags: af.tags(af.Relationship.Labels),
		CreatedAt: unix(af.TimeCreated), UpdatedAt: unix(af.TimeSaved), EncodedID: af.EncodedValue,
		Country: country(af.CountryCode, af.Relationship.ContactAddress.CountryCode)}
	u := af.Relationship.Users.primary()
	p.FirstName, p.LastName, p.Email = u.FirstName, u.LastName, u.Email
	return p
}

// country returns the first two-letter code among codes, upper case ("" when none).
func country(codes ...string) string {
	for _, c := range codes {
		if c = strings.ToUpper(strings.TrimSpace(c)); len(c) == 2 {
			return c
		}
	}
	return ""
}

// manager is how table rows name their account manager: account_manager_id (with
// account_manager_name) where the API fills it, network_employee_id otherwise.
type manager struct {
	AccountManagerID   int64  `json:"account_manager_id"`
	AccountManagerName string `json:"account_manager_name"`
	EmployeeID         int64  `json:"network_employee_id"`
}

func (m manager) managerID() *int64 {
	if m.AccountManagerID > 0 {
		return optID(m.AccountManagerID)
	}
	return optID(m.EmployeeID)
}

func (m manager) managerName() string { return strings.Join(strings.Fields(m.AccountManagerName), " ") }

func status(s string, valid []string, fallback string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, v := range valid {
		if s == v {
			return s
		}
	}
	return fallback
}

type advertiser struct {
	labelled
	ID            int64  `json:"network_advertiser_id"`
	Name          string `json:"name"`
	AccountStatus string `json:"account_status"`
	manager
	TimeCreated  int64 `json:"time_created"`
	TimeSaved    int64 `json:"time_saved"`
	Relationship struct {
		Users  userList  `json:"users"`
		Labels labelList `json:"labels"`
	} `json:"relationship"`
}

// Advertisers implements platform.Platform (POST /networks/advertiserstable). The table
// documents no users block for advertisers: the contact comes from the advertiser's users
// endpoint when it answers, and is otherwise left to an import.
func (a *Adapter) Advertisers(ctx context.Context, since time.Time, each func([]model.Advertiser) error) error {
	a.noAdvertiserUsers = false
	return pages(ctx, a, "/networks/advertiserstable", nil, func() (any, *[]advertiser, *paging) {
		var resp struct {
			Advertisers []advertiser `json:"advertisers"`
			Paging      paging       `json:"paging"`
		}
		return &resp, &resp.Advertisers, &resp.Paging
	}, func(ad advertiser) (model.Advertiser, bool) {
		if !changed(ad.ID, ad.TimeSaved, since) {
			return model.Advertiser{}, false
		}
		r := model.Advertiser{ID: ad.ID, Name: ad.Name, Status: status(ad.AccountStatus, model.PartnerStatuses, model.StatusActive),
			AccountManagerID: ad.managerID(), AccountManagerName: ad.managerName(), Tags: ad.tags(ad.Relationship.Labels),
			CreatedAt: unix(ad.TimeCreated), UpdatedAt: unix(ad.TimeSaved)}
		u := ad.Relationship.Users.primary()
		r.ContactName, r.ContactEmail = strings.TrimSpace(u.FirstName+" "+u.LastName), u.Email
		return r, true
	}, func(rows []model.Advertiser) error {
		for i := range rows {
			if rows[i].ContactEmail != "" {
				continue
			}
			u := a.advertiserUser(ctx, rows[i].ID)
			if u.Email != "" {
				rows[i].ContactName, rows[i].ContactEmail = strings.TrimSpace(u.FirstName+" "+u.LastName), u.Email
			}
		}
		return each(rows)
	})
}

type offer struct {
	ID           int64   `json:"network_offer_id"`
	AdvertiserID int64   `json:"network_advertiser_id"`
	Name         string  `json:"name"`
	OfferStatus  string  `json:"offer_status"`
	Visibility   string  `json:"visibility"`
	CurrencyID   string  `json:"currency_id"`
	PreviewURL   string  `json:"preview_url"`
	Category     string  `json:"category"`
	EncodedValue string  `json:"encoded_value"`
	Payout       float64 `json:"payout_amount"`
	PayoutType   string  `json:"payout_type"`
	PayoutPct    float64 `json:"payout_percentage"`
	Revenue      float64 `json:"revenue_amount"`
	TimeCreated  int64   `json:"time_created"`
	TimeSaved    int64   `json:"time_saved"`
}

var offerStatuses = []string{"active", "paused", "pending", "deleted"}
var visibilities = []string{model.VisibilityPublic, model.VisibilityRequireApproval, model.VisibilityPrivate}

// Offers implements platform.Platform (POST /networks/offerstable), visibility included.
// Every offer is read each time, whatever since says: an offer's time_saved stays put when
// a custom payout is added, and the table is read whole before any filter anyway.
func (a *Adapter) Offers(ctx context.Context, since time.Time, each func([]model.Offer) error) error {
	return pages(ctx, a, "/networks/offerstable", nil, func() (any, *[]offer, *paging) {
		var resp struct {
			Offers []offer `json:"offers"`
			Paging paging  `json:"paging"`
		}
		return &resp, &resp.Offers, &resp.Paging
	}, func(o offer) (model.Offer, bool) {
		if !changed(o.ID, o.TimeSaved, time.Time{}) {
			return model.Offer{}, false
		}
		cur := strings.ToUpper(o.CurrencyID)
		if len(cur) != 3 {
			cur = "USD"
		}
		return model.Offer{ID: o.ID, Name: o.Name, Status: status(o.OfferStatus, offerStatuses, "active"),
			Visibility: status(o.Visibility, visibilities, model.VisibilityRequireApproval), Currency: cur,
			PayoutCents: cents(o.Payout), PayoutType: strings.ToLower(strings.TrimSpace(o.PayoutType)), PayoutPercent: o.PayoutPct, RevenueCents: cents(o.Revenue), PreviewURL: o.PreviewURL, Category: o.Category,
			AdvertiserID: optID(o.AdvertiserID), EncodedID: o.EncodedValue, CreatedAt: unix(o.TimeCreated), UpdatedAt: unix(o.TimeSaved)}, true
	}, each)
}

func cents(f float64) int64 {
	if f >= 0 {
		return int64(f*100 + 0.5)
	}
	return int64(f*100 - 0.5)
}

type application struct {
	AffiliateID int64  `json:"network_affiliate_id"`
	OfferID     int64  `json:"network_offer_id"`
	Status      string `json:"application_status"`
	TimeSaved   int64  `json:"time_saved"`
}

// Approvals implements platform.Platform (POST /networks/applicationstable).
func (a *Adapter) Approvals(ctx context.Context, each func([]model.Approval) error) error {
	return pages(ctx, a, "/networks/applicationstable", nil, func() (any, *[]application, *paging) {
		var resp struct {
			Applications []application `json:"applications"`
			Paging       paging        `json:"paging"`
		}
		return &resp, &resp.Applications, &resp.Paging
	}, func(ap application) (model.Approval, bool) {
		st := status(ap.Status, []string{model.ApprovalApproved, model.ApprovalPending, model.ApprovalRejected}, "")
		if ap.AffiliateID <= 0 || ap.OfferID <= 0 || st == "" {
			return model.Approval{}, false
		}
		return model.Approval{PartnerID: ap.AffiliateID, OfferID: ap.OfferID, Status: st, UpdatedAt: unix(ap.TimeSaved)}, true
	}, each)
}

type reportRequest struct {
	From       string `json:"from"`
	To         string `json:"to"`
	TimezoneID int    `json:"timezone_id"`
	CurrencyID string `json:"currency_id"`
	Columns    []struct {
		Column string `json:"column"`
	} `json:"columns"`
	Query struct {
		Filters []any `json:"filters"`
	} `json:"query"`
}

type reportRow struct {
	Columns []struct {
		ColumnType string `json:"column_type"`
		ID         string `json:"id"`
		Label      string `json:"label"`
	} `json:"columns"`
	Reporting struct {
		TotalClick int64   `json:"total_click"`
		CV         int64   `json:"cv"`
		Revenue    float64 `json:"revenue"`
		Payout     float64 `json:"payout"`
	} `json:"reporting"`
}

// ErrIncomplete reports a day with more partner x offer rows than one report returns.
type ErrIncomplete struct{ Day string }

// Incomplete marks the error as a warning for platform.Sync: the sync goes on.
func (e ErrIncomplete) Incomplete() bool { return true }

func (e ErrIncomplete) Error() string {
	return fmt.Sprintf("Everflow returned incomplete results for %s (more than 10,000 partner x offer rows); the figures stored for that day are partial", e.Day)
}

// DailyStats implements platform.Platform through entity reporting
// (POST /networks/reporting/entity/table), one day per request with the affiliate and
// offer columns, so each answer is exactly one day's partner x offer rows.
func (a *Adapter) DailyStats(ctx context.Context, from, to string, each func([]model.DailyStat) error) error {
	start, err := time.Parse("2006-01-02", from)
	if err != nil {
		return fmt.Errorf("stats from %q: use YYYY-MM-DD", from)
	}
	end, err := time.Parse("2006-01-02", to)
	if err != nil {
		return fmt.Errorf("stats to %q: use YYYY-MM-DD", to)
	}
	var incomplete error
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		day := d.Format("2006-01-02")
		req := reportRequest{From: day, To: day, TimezoneID: a.TimezoneID, CurrencyID: a.Currency}
		req.Columns = append(req.Columns, struct {
			Column string `json:"column"`
		}{"affiliate"}, struct {
			Column string `json:"column"`
		}{"offer"})
		req.Query.Filters = []any{}
		var resp struct {
			Table             []reportRow `json:"table"`
			IncompleteResults bool        `json:"incomplete_results"`
		}
		if err := a.C.do(ctx, "POST", "/networks/reporting/entity/table", req, &resp); err != nil {
			return err
		}
		rows := make([]model.DailyStat, 0, len(resp.Table))
		for _, r := range resp.Table {
			s := model.DailyStat{Date: day, Clicks: r.Reporting.TotalClick, Conversions: r.Reporting.CV,
				RevenueCents: cents(r.Reporting.Revenue), PayoutCents: cents(r.Reporting.Payout)}
			for _, c := range r.Columns {
				id, _ := strconv.ParseInt(c.ID, 10, 64)
				switch c.ColumnType {
				case "affiliate":
					s.PartnerID = id
				case "offer":
					s.OfferID = id
				}
			}
			if s.PartnerID > 0 && s.OfferID > 0 {
				rows = append(rows, s)
			}
		}
		if len(rows) > 0 {
			if err := each(rows); err != nil {
				return err
			}
		}
		if resp.IncompleteResults && incomplete == nil {
			incomplete = ErrIncomplete{Day: day}
		}
	}
	return incomplete
}

// TrackingLink implements platform.Platform (POST /networks/tracking/offers/clicks).
func (a *Adapter) TrackingLink(ctx context.Context, partnerID, offerID int64) (string, error) {
	var resp struct {
		URL string `json:"url"`
	}
	req := map[string]int64{"network_offer_id": offerID, "network_affiliate_id": partnerID}
	if err := a.C.do(ctx, "POST", "/networks/tracking/offers/clicks", req, &resp); err != nil {
		return "", err
	}
	if _, err := url.ParseRequestURI(resp.URL); err != nil || resp.URL == "" {
		return "", fmt.Errorf("Everflow returned no usable tracking link for partner %d and offer %d (%q)", partnerID, offerID, resp.URL)
	}
	return resp.URL, nil
}

type employee struct {
	ID                 int64  `json:"network_employee_id"`
	EmployeeID         int64  `json:"employee_id"`
	FirstName          string `json:"first_name"`
	LastName           string `json:"last_name"`
	FullName           string `json:"full_name"`
	Email              string `json:"email"`
	Title              string `json:"title"`
	IsAffiliateManager bool   `json:"is_affiliate_manager"`
}

// Employees implements platform.Platform (GET /networks/employees, a plain list; an
// {"employees": [...]} envelope is accepted too).
func (a *Adapter) Employees(ctx context.Context, each func([]model.Employee) error) error {
	var raw json.RawMessage
	if err := a.C.do(ctx, "GET", "/networks/employees", nil, &raw); err != nil {
		return err
	}
	var list []employee
	if err := json.Unmarshal(raw, &list); err != nil {
		var env struct {
			Employees []employee `json:"employees"`
		}
		if err2 := json.Unmarshal(raw, &env); err2 != nil {
			return fmt.Errorf("Everflow's employee list is not the JSON expected (%v)", err)
		}
		list = env.Employees
	}
	rows := make([]model.Employee, 0, len(list))
	for _, e := range list {
		if e.ID <= 0 {
			e.ID = e.EmployeeID
		}
		if e.ID <= 0 {
			continue
		}
		name := strings.TrimSpace(e.FullName)
		if name == "" {
			name = strings.TrimSpace(e.FirstName + " " + e.LastName)
		}
		role := e.Title
		if role == "" && e.IsAffiliateManager {
			role = "Account manager"
		}
		rows = append(rows, model.Employee{ID: e.ID, Name: name, Email: e.Email, Role: role})
	}
	if len(rows) == 0 {
		return nil
	}
	return each(rows)
}
