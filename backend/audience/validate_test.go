package audience

import (
	"context"
	"strings"
	"testing"

	"commhub/backend/fault"
	"commhub/backend/model"
)

func TestValidateNamesTheRule(t *testing.T) {
	db := openStore(t)
	must(t, db.Create(&model.Offer{ID: 7, Name: "Seven", Status: "active", Visibility: model.VisibilityPublic}).Error)
	ok := Rule{Field: FieldStatus, Values: []string{"active"}}
	day := &Period{Kind: PeriodLast7}
	cases := []struct {
		name string
		r    Rules
		want string
	}{
		{"unknown field", Rules{Groups: []Group{{Rules: []Rule{ok, {Field: "shoe_size"}}}}}, `group 1 rule 2 (shoe_size): unknown field "shoe_size"`},
		{"bad operator", Rules{Groups: []Group{{}, {Rules: []Rule{{Field: FieldPerformance, Metric: "revenue", Op: "=>", Period: day}}}}}, `group 2 rule 1 (performance): bad operator "=>"`},
		{"reversed range", Rules{Groups: []Group{{Rules: []Rule{{Field: FieldPerformance, Metric: "clicks", Op: "between", Value: 10, Value2: 5, Period: day}}}}}, "group 1 rule 1 (performance): reversed range: 10 is above 5;"},
		{"reversed money", Rules{Groups: []Group{{Rules: []Rule{{Field: FieldPerformance, Metric: "profit", Op: "between", Value: 50000, Value2: -1005, Period: day}}}}}, "reversed range: 500.00 is above -10.05; put the smaller value first"},
		{"reversed dates", Rules{Groups: []Group{{Rules: []Rule{{Field: FieldCreated, Period: &Period{Kind: PeriodCustom, From: "2026-02-01", To: "2026-01-01"}}}}}}, "group 1 rule 1 (created): reversed range: from 2026-02-01 is after to 2026-01-01"},
		{"unknown offer", Rules{Groups: []Group{{Rules: []Rule{ok, ok, {Field: FieldApprovedOffer, IDs: []int64{7, 99}}}}}}, "group 1 rule 3 (approved_offer): unknown offer 99"},
		{"unknown metric", Rules{Groups: []Group{{Rules: []Rule{{Field: FieldPerformance, Metric: "epc", Op: "gt", Period: day}}}}}, `unknown metric "epc"`},
		{"bad status", Rules{Groups: []Group{{Rules: []Rule{{Field: FieldStatus, Values: []string{"Sleeping"}}}}}}, `"sleeping" is not a status`},
		{"no period", Rules{Groups: []Group{{Rules: []Rule{{Field: FieldDormant}}}}}, "group 1 rule 1 (dormant): needs a period"},
		{"bad day", Rules{Groups: []Group{{Rules: []Rule{{Field: FieldLastLogin, Period: &Period{Kind: PeriodCustom, From: "2026-13-01", To: "2026-12-01"}}}}}}, `"from" is "2026-13-01", not a YYYY-MM-DD date`},
		{"bad country", Rules{Groups: []Group{{Rules: []Rule{{Field: FieldCountry, Values: []string{"Germany"}}}}}}, "not a two-letter country code"},
		{"empty list", Rules{Groups: []Group{{Rules: []Rule{{Field: FieldList}}}}}, "the list is empty"},
		{"advertiser field", Rules{Kind: model.AudienceAdvertisers, Groups: []Group{{Rules: []Rule{{Field: FieldCountry, Values: []string{"US"}}}}}}, "(country): does not apply to advertisers"},
		{"unknown kind", Rules{Kind: "employees"}, `audience kind "employees" is unknown`},
		{"tag with comma", Rules{Groups: []Group{{Rules: []Rule{{Field: FieldTags, Values: []string{"a,b"}}}}}}, "contains a comma"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Validate(context.Background(), db, c.r)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to contain %q", err, c.want)
			}
			if fault.KindOf(err) != fault.Invalid {
				t.Fatalf("error kind %v, want Invalid", fault.KindOf(err))
			}
		})
	}
}

func TestValidateNormalises(t *testing.T) {
	db := openStore(t)
	r, err := Validate(context.Background(), db, Rules{Groups: []Group{{Rules: []Rule{
		{Field: FieldCountry, Values: []string{" de", "DE", "us"}},
		{Field: FieldList, IDs: []int64{3, 3, 4}, Values: []string{" A@B.COM ", "a@b.com"}},
		{Field: FieldStatus, Values: []string{"Active"}},
	}}}})
	must(t, err)
	got := dump(r)
	want := `{"kind":"partners","groups":[{"rules":[{"field":"country","values":["DE","US"]},{"field":"list","values":["a@b.com"],"ids":[3,4]},{"field":"status","values":["active"]}]}]}`
	if got != want {
		t.Fatalf("normalised\n%s\nwant\n%s", got, want)
	}
}
