package audience

import (
	"encoding/json"

	"commhub/backend/model"
)

func dump(r Rules) string {
	b, _ := json.Marshal(r)
	return string(b)
}

// rules draws a random rule set: empty groups, contradictions (a rule and its exclusion
// side by side) and values that match nobody all occur.
func (w *world) rules() Rules {
	r := Rules{Kind: model.AudiencePartners}
	fields := Fields
	if w.rnd.IntN(4) == 0 {
		r.Kind = model.AudienceAdvertisers
		fields = nil
		for _, f := range Fields {
			if advertiserFields[f] {
				fields = append(fields, f)
			}
		}
	}
	for g := w.rnd.IntN(4); g > 0; g-- {
		var grp Group
		for n := w.rnd.IntN(4); n > 0; n-- {
			rule := w.rule(fields[w.rnd.IntN(len(fields))])
			grp.Rules = append(grp.Rules, rule)
			if w.rnd.IntN(8) == 0 {
				contra := rule
				contra.Exclude = !rule.Exclude
				grp.Rules = append(grp.Rules, contra)
			}
		}
		r.Groups = append(r.Groups, grp)
	}
	return r
}

func (w *world) some(pool []string) []string {
	var out []string
	for len(out) == 0 {
		for _, v := range pool {
			if w.rnd.IntN(3) == 0 {
				out = append(out, v)
			}
		}
	}
	return out
}

func (w *world) someIDs(max int) []int64 {
	var out []int64
	for len(out) == 0 {
		for id := 1; id <= max; id++ {
			if w.rnd.IntN(3) == 0 {
				out = append(out, int64(id))
			}
		}
	}
	return out
}

func (w *world) period() *Period {
	kinds := []string{PeriodLast7, PeriodLast30, PeriodLastDays, PeriodLastMonth, PeriodThisMonth, PeriodCustom}
	p := &Period{Kind: kinds[w.rnd.IntN(len(kinds))]}
	switch p.Kind {
	case PeriodLastDays:
		p.Days = 1 + w.rnd.IntN(40)
	case PeriodCustom:
		edges := w.edgeDays()
		a, b := edges[w.rnd.IntN(len(edges))].Format(dateLayout), edges[w.rnd.IntN(len(edges))].Format(dateLayout)
		if a > b {
			a, b = b, a
		}
		p.From, p.To = a, b
	}
	return p
}

var testValues = []int64{0, 1, 5, 20, 1500, 4000}

func (w *world) rule(field string) Rule {
	r := Rule{Field: field, Exclude: w.rnd.IntN(3) == 0}
	switch field {
	case FieldStatus:
		r.Values = w.some(model.PartnerStatuses)
	case FieldNotification:
		r.Values = w.some(notificationPrefs)
	case FieldCountry:
		r.Values = w.some(append([]string{"GB"}, testCountries...))
	case FieldAccountManager:
		r.IDs = w.someIDs(4)
	case FieldTags:
		r.Values = w.some(append([]string{"VIP", "tier1", "50"}, testTags...))
		r.Match = []string{"any", "all", "none", ""}[w.rnd.IntN(4)]
	case FieldCreated, FieldLastLogin, FieldDormant:
		r.Period = w.period()
	case FieldPerformance:
		r.Period = w.period()
		r.Metric = Metrics[w.rnd.IntN(len(Metrics))]
		r.Op = Operators[w.rnd.IntN(len(Operators))]
		r.Value = testValues[w.rnd.IntN(len(testValues))]
		if r.Op == "between" {
			r.Value2 = r.Value + testValues[w.rnd.IntN(len(testValues))]
		}
	case FieldRunningOffer, FieldApprovedOffer:
		r.IDs = w.someIDs(5)
		r.Match = []string{"any", "all", ""}[w.rnd.IntN(3)]
		if field == FieldRunningOffer {
			r.Period = w.period()
		}
	case FieldList:
		r.IDs = w.someIDs(30)[:1+w.rnd.IntN(2)]
		if w.rnd.IntN(2) == 0 {
			r.Values = []string{"p3@EXAMPLE.com", "contact2@adv.example", "nobody@example.com"}[:1+w.rnd.IntN(3)]
		}
	}
	return r
}
