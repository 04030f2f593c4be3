package audience

import (
	"slices"
	"sort"
	"strconv"
	"time"

	"commhub/backend/model"
)

// oracle evaluates rules in memory, written independently of the SQL compiler: periods are
// compared as local calendar days, sums are plain loops. Property tests demand both agree.
type oracle struct {
	partners    []model.Partner
	nullCountry map[int64]bool
	advertisers []model.Advertiser
	offers      map[int64]model.Offer
	approvals   map[[2]int64]string
	stats       []model.DailyStat
}

// days returns the first and last local day of a period, as YYYY-MM-DD.
func (o *oracle) days(p Period, now time.Time, loc *time.Location) (string, string) {
	y, m, d := now.In(loc).Date()
	civil := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	today := civil(y, m, d)
	f := func(t time.Time) string { return t.Format("2006-01-02") }
	back := func(n int) string { return f(today.Add(-time.Duration(n) * 24 * time.Hour)) }
	switch p.Kind {
	case PeriodLast7:
		return back(6), f(today)
	case PeriodLast30:
		return back(29), f(today)
	case PeriodLastDays:
		return back(p.Days - 1), f(today)
	case PeriodThisMonth:
		return f(civil(y, m, 1)), f(today)
	case PeriodLastMonth:
		py, pm := y, m-1
		if m == time.January {
			py, pm = y-1, time.December
		}
		lastDay := 31
		for civil(py, pm, lastDay).Month() != pm {
			lastDay--
		}
		return f(civil(py, pm, 1)), f(civil(py, pm, lastDay))
	}
	return p.From, p.To
}

// within says whether the instant falls on a local day of the period.
func (o *oracle) within(t *time.Time, p Period, now time.Time, loc *time.Location) bool {
	if t == nil {
		return false
	}
	from, to := o.days(p, now, loc)
	day := t.In(loc).Format("2006-01-02")
	return day >= from && day <= to
}

func (o *oracle) eval(r Rules, now time.Time, loc *time.Location) []int64 {
	var ids []int64
	if r.Kind == model.AudienceAdvertisers {
		for _, a := range o.advertisers {
			if o.anyGroup(r, now, loc, recipient{adv: &a}) {
				ids = append(ids, a.ID)
			}
		}
	} else {
		for _, p := range o.partners {
			if o.anyGroup(r, now, loc, recipient{p: &p}) {
				ids = append(ids, p.ID)
			}
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

type recipient struct {
	p   *model.Partner
	adv *model.Advertiser
}

func (x recipient) id() int64 {
	if x.p != nil {
		return x.p.ID
	}
	return x.adv.ID
}

func (o *oracle) anyGroup(r Rules, now time.Time, loc *time.Location, x recipient) bool {
	for _, g := range r.Groups {
		if len(g.Rules) == 0 {
			continue
		}
		all := true
		for _, rule := range g.Rules {
			if o.rule(rule, now, loc, x) == rule.Exclude {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

func foldEq(a, b string) bool { return asciiLowerOracle(a) == asciiLowerOracle(b) }

func asciiLowerOracle(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func (o *oracle) rule(r Rule, now time.Time, loc *time.Location, x recipient) bool {
	var status, email string
	var tags model.Tags
	var am *int64
	var created time.Time
	if x.p != nil {
		status, email, tags, am, created = x.p.Status, x.p.Email, x.p.Tags, x.p.AccountManagerID, x.p.CreatedAt
	} else {
		status, email, tags, am, created = x.adv.Status, x.adv.ContactEmail, x.adv.Tags, x.adv.AccountManagerID, x.adv.CreatedAt
	}
	switch r.Field {
	case FieldStatus:
		return slices.Contains(r.Values, status)
	case FieldNotification:
		return slices.Contains(r.Values, x.p.NotificationPref)
	case FieldCountry:
		return !o.nullCountry[x.p.ID] && slices.Contains(r.Values, x.p.Country)
	case FieldAccountManager:
		return am != nil && slices.Contains(r.IDs, *am)
	case FieldTags:
		return o.tags(r, tags)
	case FieldCreated:
		return o.within(&created, *r.Period, now, loc)
	case FieldLastLogin:
		return o.within(x.p.LastLoginAt, *r.Period, now, loc)
	case FieldPerformance:
		return o.performance(r, now, loc, x)
	case FieldRunningOffer:
		return o.running(r, now, loc, x)
	case FieldApprovedOffer:
		return o.approved(r, x.p.ID)
	case FieldDormant:
		from, to := o.days(*r.Period, now, loc)
		return !slices.ContainsFunc(o.statsOf(x), func(s model.DailyStat) bool { return s.Date >= from && s.Date <= to && active(s) })
	case FieldList:
		return slices.Contains(r.IDs, x.id()) || slices.Contains(r.Values, asciiLowerOracle(email))
	}
	panic("oracle: unknown field " + r.Field)
}

func active(s model.DailyStat) bool { return s.Clicks > 0 || s.Conversions > 0 }

func (o *oracle) tags(r Rule, have model.Tags) bool {
	n := 0
	for _, want := range r.Values {
		if slices.ContainsFunc(have, func(h string) bool { return foldEq(h, want) }) {
			n++
		}
	}
	switch r.Match {
	case "all":
		return n == len(r.Values)
	case "none":
		return n == 0
	}
	return n > 0
}

func (o *oracle) statsOf(x recipient) []model.DailyStat {
	var out []model.DailyStat
	for _, s := range o.stats {
		if x.p != nil && s.PartnerID == x.p.ID {
			out = append(out, s)
		}
		if x.adv != nil {
			if of := o.offers[s.OfferID]; of.AdvertiserID != nil && *of.AdvertiserID == x.adv.ID {
				out = append(out, s)
			}
		}
	}
	return out
}

// sum is a recipient's metric over the rule's period; no stats sum to 0.
func (o *oracle) sum(r Rule, now time.Time, loc *time.Location, x recipient) int64 {
	from, to := o.days(*r.Period, now, loc)
	var sum int64
	for _, s := range o.statsOf(x) {
		if s.Date < from || s.Date > to {
			continue
		}
		sum += map[string]int64{"clicks": s.Clicks, "conversions": s.Conversions, "revenue": s.RevenueCents,
			"payout": s.PayoutCents, "profit": s.RevenueCents - s.PayoutCents}[r.Metric]
	}
	return sum
}

// find returns the recipient with the given ID.
func (o *oracle) find(kind string, id int64) recipient {
	for i := range o.partners {
		if kind != model.AudienceAdvertisers && o.partners[i].ID == id {
			return recipient{p: &o.partners[i]}
		}
	}
	for i := range o.advertisers {
		if kind == model.AudienceAdvertisers && o.advertisers[i].ID == id {
			return recipient{adv: &o.advertisers[i]}
		}
	}
	panic("oracle: no recipient " + strconv.FormatInt(id, 10))
}

func (o *oracle) performance(r Rule, now time.Time, loc *time.Location, x recipient) bool {
	sum := o.sum(r, now, loc, x)
	switch r.Op {
	case "gt":
		return sum > r.Value
	case "gte":
		return sum >= r.Value
	case "lt":
		return sum < r.Value
	case "lte":
		return sum <= r.Value
	}
	return sum >= r.Value && sum <= r.Value2
}

func (o *oracle) running(r Rule, now time.Time, loc *time.Location, x recipient) bool {
	from, to := o.days(*r.Period, now, loc)
	ran := map[int64]bool{}
	for _, s := range o.statsOf(x) {
		if s.Date >= from && s.Date <= to && active(s) {
			ran[s.OfferID] = true
		}
	}
	hits := 0
	for _, id := range r.IDs {
		if ran[id] {
			hits++
		}
	}
	if r.Match == "all" {
		return hits == len(r.IDs)
	}
	return hits > 0
}

func (o *oracle) approved(r Rule, partner int64) bool {
	ok := 0
	for _, id := range r.IDs {
		st := o.approvals[[2]int64{partner, id}]
		if (o.offers[id].Visibility == model.VisibilityPublic && st != model.ApprovalRejected) || st == model.ApprovalApproved {
			ok++
		}
	}
	if r.Match == "any" {
		return ok > 0
	}
	return ok == len(r.IDs)
}
