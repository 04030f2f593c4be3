package audience

import (
	"context"
	"time"

	"gorm.io/gorm"

	"commhub/backend/model"
)

// Starter is a ready-made rule set the editor offers as a starting point.
type Starter struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Rules       Rules  `json:"rules"`
}

func one(rules ...Rule) Rules {
	return Rules{Kind: model.AudiencePartners, Groups: []Group{{Rules: rules}}}
}

var activeOnly = Rule{Field: FieldStatus, Values: []string{model.StatusActive}}

// Starters lists the ready-made audiences. "Running offer X" is filled with the offer that
// had the most clicks in the last 30 days, so it is useful as it comes; the user can change it.
func Starters(ctx context.Context, db *gorm.DB, now time.Time, loc *time.Location) ([]Starter, error) {
	offer, err := busiestOffer(ctx, db, now, loc)
	if err != nil {
		return nil, err
	}
	running := Rule{Field: FieldRunningOffer, Match: "any", Period: &Period{Kind: PeriodLast30}}
	if offer != 0 {
		running.IDs = []int64{offer}
	}
	return []Starter{
		{"active", "Active partners only", "Every partner whose status is active.", one(activeOnly)},
		{"revenue_last_month", "Drove revenue last month", "Active partners with revenue last month.",
			one(activeOnly, Rule{Field: FieldPerformance, Metric: "revenue", Op: "gt", Value: 0, Period: &Period{Kind: PeriodLastMonth}})},
		{"running_offer", "Running offer X", "Partners with clicks or conversions on the chosen offer in the last 30 days.", one(running)},
		{"dormant_30", "Dormant 30 days", "Active partners with no clicks or conversions in the last 30 days: a re-engagement list.",
			one(activeOnly, Rule{Field: FieldDormant, Period: &Period{Kind: PeriodLast30}})},
		{"new_this_month", "New partners this month", "Partners who joined this month.",
			one(Rule{Field: FieldCreated, Period: &Period{Kind: PeriodThisMonth}})},
	}, nil
}

func busiestOffer(ctx context.Context, db *gorm.DB, now time.Time, loc *time.Location) (int64, error) {
	sp, err := resolve(Period{Kind: PeriodLast30}, now, loc)
	if err != nil {
		return 0, err
	}
	var ids []int64
	err = db.WithContext(ctx).Raw(`SELECT offer_id FROM daily_stats WHERE date >= ? AND date <= ?
		GROUP BY offer_id ORDER BY sum(clicks) DESC, offer_id LIMIT 1`, sp.From, sp.To).Scan(&ids).Error
	if err != nil || len(ids) > 0 {
		return first(ids), err
	}
	err = db.WithContext(ctx).Model(&model.Offer{}).Order("id").Limit(1).Pluck("id", &ids).Error
	return first(ids), err
}

func first(ids []int64) int64 {
	if len(ids) == 0 {
		return 0
	}
	return ids[0]
}
