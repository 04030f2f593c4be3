package network

import (
	"time"

	"gorm.io/gorm"
)

// Totals sums performance. Money is integer cents.
type Totals struct {
	Clicks       int64 `json:"clicks"`
	Conversions  int64 `json:"conversions"`
	RevenueCents int64 `json:"revenueCents"`
	PayoutCents  int64 `json:"payoutCents"`
}

// DayTotals is one day of Totals.
type DayTotals struct {
	Date string `json:"date"`
	Totals
}

// dailyTotals returns one entry per day (zero-filled, oldest first) for the rows matching
// cond, over the days ending today, and their sum.
func dailyTotals(db *gorm.DB, cond string, arg any, today time.Time, days int) ([]DayTotals, Totals, error) {
	end := today.Format(time.DateOnly)
	start := today.AddDate(0, 0, 1-days).Format(time.DateOnly)
	var found []DayTotals
	err := db.Raw(`SELECT date, sum(clicks) AS clicks, sum(conversions) AS conversions,
			sum(revenue_cents) AS revenue_cents, sum(payout_cents) AS payout_cents
		FROM daily_stats WHERE `+cond+` AND date BETWEEN ? AND ? GROUP BY date`, arg, start, end).Scan(&found).Error
	if err != nil {
		return nil, Totals{}, err
	}
	byDate := make(map[string]Totals, len(found))
	for _, f := range found {
		byDate[f.Date] = f.Totals
	}
	out := make([]DayTotals, days)
	var sum Totals
	for i := range out {
		date := today.AddDate(0, 0, i+1-days).Format(time.DateOnly)
		t := byDate[date]
		out[i] = DayTotals{Date: date, Totals: t}
		sum.Clicks += t.Clicks
		sum.Conversions += t.Conversions
		sum.RevenueCents += t.RevenueCents
		sum.PayoutCents += t.PayoutCents
	}
	return out, sum, nil
}
