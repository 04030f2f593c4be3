package audience

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"commhub/backend/fault"
	"commhub/backend/model"
)

var (
	notificationPrefs = []string{"all", "important", "none"}
	tagMatches        = []string{"any", "all", "none"}
	offerMatches      = []string{"any", "all"}
)

// ruleError names the rule a problem belongs to, counting from 1 as the editor shows them.
func ruleError(g, i int, r Rule, format string, args ...any) error {
	field := r.Field
	if field == "" {
		field = "no field"
	}
	return fault.Invalidf("group %d rule %d (%s): %s", g+1, i+1, field, fmt.Sprintf(format, args...))
}

// Validate checks rules against the database (offers must exist) and returns a normalised
// copy: trimmed values, upper-case countries, lower-case e-mails, defaults filled in.
func Validate(ctx context.Context, db *gorm.DB, r Rules) (Rules, error) {
	out, _, err := check(ctx, db, r)
	return out, err
}

// check is Validate that also returns the visibility of every offer the rules name.
func check(ctx context.Context, db *gorm.DB, r Rules) (Rules, map[int64]string, error) {
	out, offerIDs, err := normalise(r)
	if err != nil {
		return Rules{}, nil, err
	}
	known, err := loadOffers(ctx, db, offerIDs)
	if err != nil {
		return Rules{}, nil, err
	}
	for g, grp := range out.Groups {
		for i, rule := range grp.Rules {
			for _, id := range rule.IDs {
				if usesOffers(rule.Field) && known[id] == "" {
					return Rules{}, nil, ruleError(g, i, rule, "unknown offer %d: pick an offer that exists in the network", id)
				}
			}
		}
	}
	return out, known, nil
}

// loadOffers returns the visibility of each listed offer that exists.
func loadOffers(ctx context.Context, db *gorm.DB, ids []int64) (map[int64]string, error) {
	known := map[int64]string{}
	if len(ids) == 0 {
		return known, nil
	}
	var offers []model.Offer
	if err := db.WithContext(ctx).Select("id", "visibility").Where("id IN ?", ids).Find(&offers).Error; err != nil {
		return nil, err
	}
	for _, o := range offers {
		known[o.ID] = o.Visibility
	}
	return known, nil
}

func usesOffers(field string) bool { return field == FieldRunningOffer || field == FieldApprovedOffer }

// normalise checks everything that needs no database and collects the offer IDs used.
func normalise(r Rules) (Rules, []int64, error) {
	out := Rules{Kind: r.Kind, Groups: make([]Group, len(r.Groups))}
	if out.Kind == "" {
		out.Kind = model.AudiencePartners
	}
	if out.Kind != model.AudiencePartners && out.Kind != model.AudienceAdvertisers {
		return Rules{}, nil, fault.Invalidf("audience kind %q is unknown: use partners or advertisers", r.Kind)
	}
	if len(r.Groups) > MaxGroups {
		return Rules{}, nil, fault.Invalidf("the audience has %d groups: at most %d are allowed; combine groups that share rules, or save it as several audiences", len(r.Groups), MaxGroups)
	}
	var offers []int64
	values := 0
	for g, grp := range r.Groups {
		if len(grp.Rules) > MaxRulesPerGroup {
			return Rules{}, nil, fault.Invalidf("group %d has %d rules: at most %d are allowed in one group", g+1, len(grp.Rules), MaxRulesPerGroup)
		}
		out.Groups[g].Rules = make([]Rule, len(grp.Rules))
		for i, rule := range grp.Rules {
			n, err := normaliseRule(out.Kind, rule)
			if err == nil {
				err = checkSize(n, &values)
			}
			if err != nil {
				return Rules{}, nil, ruleError(g, i, rule, "%s", err.Error())
			}
			out.Groups[g].Rules[i] = n
			if usesOffers(n.Field) {
				offers = append(offers, n.IDs...)
			}
		}
	}
	return out, offers, nil
}

// Size limits. Rules compile to one SQL query, and SQLite bounds the depth of an
// expression and the number of its parameters; these limits keep every audience that
// validates countable, with room to spare.
const (
	MaxGroups        = 100
	MaxRulesPerGroup = 50
	// MaxValuesPerRule bounds the tags, countries, account managers or offers of one rule.
	MaxValuesPerRule = 200
	// MaxValues bounds those values over the whole audience.
	MaxValues = 5000
	// MaxListEntries bounds the IDs and e-mails of one explicit list rule.
	MaxListEntries = 100_000
)

// checkSize applies the size limits to a normalised rule; total counts values so far.
func checkSize(r Rule, total *int) error {
	n := len(r.Values) + len(r.IDs)
	if r.Field == FieldList {
		if n > MaxListEntries {
			return fmt.Errorf("the list has %d entries: at most %d are allowed; split it into several audiences", n, MaxListEntries)
		}
		return nil
	}
	if n > MaxValuesPerRule {
		return fmt.Errorf("%d values: at most %d are allowed in one rule", n, MaxValuesPerRule)
	}
	if *total += n; *total > MaxValues {
		return fmt.Errorf("the audience names more than %d values in all its rules: simplify it or save it as several audiences", MaxValues)
	}
	return nil
}

func normaliseRule(kind string, r Rule) (Rule, error) {
	if !slices.Contains(Fields, r.Field) {
		return r, fmt.Errorf("unknown field %q (one of %s)", r.Field, strings.Join(Fields, ", "))
	}
	if kind == model.AudienceAdvertisers && !advertiserFields[r.Field] {
		return r, fmt.Errorf("does not apply to advertisers; use it in a partner audience")
	}
	switch r.Field {
	case FieldStatus:
		return r, oneOf(&r.Values, "status", model.PartnerStatuses, strings.ToLower)
	case FieldNotification:
		return r, oneOf(&r.Values, "notification preference", notificationPrefs, strings.ToLower)
	case FieldCountry:
		return r, countries(&r)
	case FieldTags:
		return r, tags(&r)
	case FieldAccountManager:
		r.IDs = dedupe(r.IDs)
		if len(r.IDs) == 0 {
			return r, fmt.Errorf("pick at least one account manager")
		}
	case FieldCreated, FieldLastLogin, FieldDormant:
		return r, needPeriod(r)
	case FieldPerformance:
		return r, performance(r)
	case FieldRunningOffer, FieldApprovedOffer:
		return r, offerRule(&r)
	case FieldList:
		return r, list(&r)
	}
	return r, nil
}

// oneOf trims and folds values and checks each against allowed.
func oneOf(values *[]string, what string, allowed []string, fold func(string) string) error {
	var out []string
	for _, v := range *values {
		v = fold(strings.TrimSpace(v))
		if !slices.Contains(allowed, v) {
			return fmt.Errorf("%q is not a %s (%s)", v, what, strings.Join(allowed, ", "))
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return fmt.Errorf("pick at least one %s", what)
	}
	*values = out
	return nil
}

func countries(r *Rule) error {
	var out []string
	for _, v := range r.Values {
		v = strings.ToUpper(strings.TrimSpace(v))
		if len(v) != 2 || strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return fmt.Errorf("%q is not a two-letter country code such as US or DE", v)
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return fmt.Errorf("pick at least one country")
	}
	r.Values = out
	return nil
}

func tags(r *Rule) error {
	if r.Match == "" {
		r.Match = "any"
	}
	if !slices.Contains(tagMatches, r.Match) {
		return fmt.Errorf("tag match %q is unknown (any, all, none)", r.Match)
	}
	var out []string
	for _, v := range r.Values {
		v = strings.TrimSpace(v)
		if strings.ContainsAny(v, ",;") {
			return fmt.Errorf("tag %q contains a comma or semicolon; give one tag per value", v)
		}
		if v != "" && !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, v) }) {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return fmt.Errorf("pick at least one tag")
	}
	r.Values = out
	return nil
}

func needPeriod(r Rule) error {
	if r.Period == nil {
		return fmt.Errorf("needs a period (%s)", periodKinds)
	}
	return checkPeriod(*r.Period)
}

// checkPeriod validates a period without a clock: any fixed instant resolves the same way.
func checkPeriod(p Period) error {
	_, err := resolve(p, epoch, epoch.Location())
	return err
}

func performance(r Rule) error {
	if !slices.Contains(Metrics, r.Metric) {
		return fmt.Errorf("unknown metric %q (one of %s)", r.Metric, strings.Join(Metrics, ", "))
	}
	if !slices.Contains(Operators, r.Op) {
		return fmt.Errorf("bad operator %q (one of %s)", r.Op, strings.Join(Operators, ", "))
	}
	if r.Op == "between" && r.Value > r.Value2 {
		return fmt.Errorf("reversed range: %s is above %s; put the smaller value first", amount(r.Metric, r.Value), amount(r.Metric, r.Value2))
	}
	return needPeriod(r)
}

func offerRule(r *Rule) error {
	r.IDs = dedupe(r.IDs)
	if len(r.IDs) == 0 {
		return fmt.Errorf("pick at least one offer")
	}
	if r.Match == "" {
		r.Match = "any"
		if r.Field == FieldApprovedOffer {
			r.Match = "all"
		}
	}
	if !slices.Contains(offerMatches, r.Match) {
		return fmt.Errorf("offer match %q is unknown (any, all)", r.Match)
	}
	if r.Field == FieldRunningOffer {
		return needPeriod(*r)
	}
	return nil
}

func list(r *Rule) error {
	r.IDs = dedupe(r.IDs)
	seen := map[string]bool{}
	emails := []string{}
	for _, v := range r.Values {
		v = asciiLower(strings.TrimSpace(v))
		if v == "" || seen[v] {
			continue
		}
		if !strings.Contains(v, "@") {
			return fmt.Errorf("%q is not an e-mail address", v)
		}
		seen[v] = true
		emails = append(emails, v)
	}
	r.Values = emails
	if len(r.IDs) == 0 && len(r.Values) == 0 {
		return fmt.Errorf("the list is empty: pick recipients or paste IDs or e-mails")
	}
	return nil
}

// dedupe keeps the first of each ID; a pasted list may hold tens of thousands.
func dedupe(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// epoch is any fixed instant; checkPeriod resolves against it.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// asciiLower folds A-Z only, exactly as SQLite's lower() does, so that a pasted e-mail
// and the stored one compare the same way in Go and in SQL.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}

// amount shows a rule's value as the user typed it: money metrics are cents, shown as units.
func amount(metric string, v int64) string {
	switch metric {
	case "revenue", "payout", "profit":
		sign := ""
		if v < 0 {
			sign, v = "-", -v
		}
		return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
	}
	return fmt.Sprint(v)
}
