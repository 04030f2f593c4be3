package network

import (
	"slices"
	"strings"
	"testing"
	"time"

	"commhub/backend/fault"
	"commhub/backend/model"
	"commhub/backend/store"
	"commhub/backend/store/storetest"
)

var today = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

// demoStore opens a fresh store with the demo network, shared read-only by the tests here.
func demoStore(t *testing.T) *store.Store {
	t.Helper()
	s := storetest.Open(t)
	if _, err := store.SeedDemoIfEmpty(s, today); err != nil {
		t.Fatal(err)
	}
	return s
}

func allPartners(t *testing.T, s *store.Store) []model.Partner {
	var ps []model.Partner
	if err := s.DB.Find(&ps).Error; err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestListPartnersFiltersMatchAFullScan(t *testing.T) {
	s := demoStore(t)
	everyone := allPartners(t, s)
	cases := []struct {
		name  string
		q     PartnerQuery
		match func(model.Partner) bool
	}{
		{"status", PartnerQuery{Status: "suspended"}, func(p model.Partner) bool { return p.Status == "suspended" }},
		{"tag", PartnerQuery{Tag: "vip"}, func(p model.Partner) bool { return slices.Contains(p.Tags, "vip") }},
		{"tag is not a substring match", PartnerQuery{Tag: "tier"}, func(p model.Partner) bool { return slices.Contains(p.Tags, "tier") }},
		{"manager and country", PartnerQuery{Manager: 2, Country: "US"}, func(p model.Partner) bool {
			return p.AccountManagerID != nil && *p.AccountManagerID == 2 && p.Country == "US"
		}},
		{"search is case-insensitive over name, email, company", PartnerQuery{Search: "MEDIA"}, func(p model.Partner) bool {
			return strings.Contains(strings.ToLower(p.Name+" "+p.Email+" "+p.Company), "media")
		}},
		{"search by id", PartnerQuery{Search: "5007"}, func(p model.Partner) bool { return p.ID == 5007 }},
		{"search treats % literally", PartnerQuery{Search: "%"}, func(p model.Partner) bool { return strings.Contains(p.Name+p.Email+p.Company, "%") }},
		{"search with an apostrophe", PartnerQuery{Search: "Rock 'n'"}, func(p model.Partner) bool { return strings.Contains(p.Name, "Rock 'n'") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.q.PageSize = maxPageSize
			page, err := ListPartners(s.DB, c.q)
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			for _, p := range everyone {
				if c.match(p) {
					want = append(want, p.ID)
				}
			}
			got := make([]int64, len(page.Items))
			for i, p := range page.Items {
				got[i] = p.ID
			}
			slices.Sort(want)
			slices.Sort(got)
			if page.Total != int64(len(want)) || !slices.Equal(got, want) {
				t.Errorf("total %d, ids %v; want total %d, ids %v", page.Total, got, len(want), want)
			}
		})
	}
}

func TestListPartnersPagesAreStableAndComplete(t *testing.T) {
	s := demoStore(t)
	seen := map[int64]bool{}
	var total int64
	var prev string
	for page := 1; ; page++ {
		p, err := ListPartners(s.DB, PartnerQuery{Paging: Paging{Sort: "name", Page: page, PageSize: 37}})
		if err != nil {
			t.Fatal(err)
		}
		total = p.Total
		if len(p.Items) == 0 {
			break
		}
		for _, row := range p.Items {
			if seen[row.ID] {
				t.Fatalf("partner %d appears on two pages", row.ID)
			}
			seen[row.ID] = true
			if strings.ToLower(row.Name) < strings.ToLower(prev) {
				t.Fatalf("%q sorted after %q", row.Name, prev)
			}
			prev = row.Name
		}
	}
	if int64(len(seen)) != total || total < 300 {
		t.Errorf("paged through %d partners of %d", len(seen), total)
	}
}

func TestListPartnersCarriesManagerNameAndTags(t *testing.T) {
	s := demoStore(t)
	p, err := ListPartners(s.DB, PartnerQuery{Tag: "vip", Paging: Paging{PageSize: 1}})
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("%v %v", p, err)
	}
	row := p.Items[0]
	if row.AccountManagerName == "" || !slices.Contains(row.Tags, "vip") || row.Email == "" {
		t.Errorf("row lacks manager, tags or email: %+v", row)
	}
}

func TestBadQueriesAreInvalidWithAHelpfulMessage(t *testing.T) {
	s := demoStore(t)
	cases := []struct {
		q    PartnerQuery
		want string
	}{
		{PartnerQuery{Status: "Sleeping"}, `"Sleeping" is not a partner status (active, pending, inactive, suspended)`},
		{PartnerQuery{Paging: Paging{Sort: "password"}}, `cannot sort by "password"`},
		{PartnerQuery{Paging: Paging{PageSize: 10000}}, "page size 10000 is out of range: use 1 to 500 rows"},
		{PartnerQuery{Paging: Paging{Page: -1}}, "pages are numbered from 1"},
		{PartnerQuery{Paging: Paging{Page: 1 << 62}}, "page 4611686018427387904 is out of range"},
	}
	for _, c := range cases {
		_, err := ListPartners(s.DB, c.q)
		if fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err = %v, want invalid containing %q", c.q, err, c.want)
		}
	}
}

func TestOffersAndAdvertisers(t *testing.T) {
	s := demoStore(t)
	offers, err := ListOffers(s.DB, OfferQuery{Visibility: "private", Paging: Paging{PageSize: 100}})
	if err != nil || offers.Total == 0 {
		t.Fatalf("private offers: %v %v", offers.Total, err)
	}
	for _, o := range offers.Items {
		if o.Visibility != "private" || o.AdvertiserName == "" {
			t.Errorf("offer %+v", o)
		}
	}
	if _, err := ListOffers(s.DB, OfferQuery{Visibility: "secret"}); fault.KindOf(err) != fault.Invalid {
		t.Errorf("unknown visibility: %v", err)
	}
	advs, err := ListAdvertisers(s.DB, AdvertiserQuery{Paging: Paging{Sort: "-offers", PageSize: 5}})
	if err != nil || len(advs.Items) != 5 || advs.Items[0].Offers < advs.Items[4].Offers {
		t.Errorf("advertisers by offers: %+v %v", advs.Items, err)
	}
}

func TestGetPartnerChartIsZeroFilledAndSumsToTotals(t *testing.T) {
	s := demoStore(t)
	var top struct{ PartnerID int64 }
	s.DB.Raw("SELECT partner_id FROM daily_stats GROUP BY partner_id ORDER BY sum(revenue_cents) DESC LIMIT 1").Scan(&top)
	d, err := GetPartner(s.DB, top.PartnerID, today, 90)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Daily) != 90 || d.Daily[0].Date != "2026-08-31" || d.Daily[89].Date != "2026-11-28" {
		t.Fatalf("days: %d from %s to %s", len(d.Daily), d.Daily[0].Date, d.Daily[len(d.Daily)-1].Date)
	}
	var sum int64
	for _, day := range d.Daily {
		sum += day.RevenueCents
	}
	var want int64
	s.DB.Raw("SELECT sum(revenue_cents) FROM daily_stats WHERE partner_id = ?", top.PartnerID).Scan(&want)
	if sum != want || d.Totals.RevenueCents != want || want == 0 {
		t.Errorf("chart sums to %d, totals %d, stored %d", sum, d.Totals.RevenueCents, want)
	}
	if len(d.Approvals) == 0 || d.Approvals[0].OfferName == "" {
		t.Errorf("approvals: %+v", d.Approvals)
	}
	if _, err := GetPartner(s.DB, 999999, today, 90); fault.KindOf(err) != fault.NotFound {
		t.Errorf("missing partner: %v", err)
	}
}

func TestSummaryAndFacets(t *testing.T) {
	s := demoStore(t)
	sum, err := Summarize(s.DB)
	if err != nil || !sum.Demo || sum.Partners < 300 || sum.StatDays != 90 {
		t.Fatalf("summary %+v %v", sum, err)
	}
	f, err := LoadFacets(s.DB)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(f.Tags, "vip") || !slices.Contains(f.Tags, "tier-1") || len(f.Managers) < 3 || !slices.Contains(f.Countries, "US") {
		t.Errorf("facets %+v", f)
	}
	if err := store.ClearDemo(s.DB); err != nil {
		t.Fatal(err)
	}
	sum, _ = Summarize(s.DB)
	if sum.Demo || sum.Partners != 0 {
		t.Errorf("after clearing: %+v", sum)
	}
	f, err = LoadFacets(s.DB)
	if err != nil || len(f.Tags) != 0 {
		t.Errorf("facets of an empty store: %+v %v", f, err)
	}
}
