package network

import (
	"gorm.io/gorm"

	"commhub/backend/store"
)

// Summary counts what the store holds: the counts are of every row, demo or the user's.
type Summary struct {
	Partners    int64 `json:"partners"`
	Advertisers int64 `json:"advertisers"`
	Offers      int64 `json:"offers"`
	Approvals   int64 `json:"approvals"`
	Employees   int64 `json:"employees"`
	StatDays    int64 `json:"statDays"`
	// Demo is true while any row of the demo network remains.
	Demo bool `json:"demo"`
	// DemoRows counts the demo rows left in each table.
	DemoRows store.DemoRows `json:"demoRows"`
	// OwnData is true once any row is the user's own (imported or synced).
	OwnData bool `json:"ownData"`
	// DemoChoicePending is true while the next import or sync must first ask whether to
	// clear the demo: demo rows remain and none of the user's own exist yet.
	DemoChoicePending bool `json:"demoChoicePending"`
}

// Summarize counts the network and how much of it is the demo.
func Summarize(db *gorm.DB) (Summary, error) {
	var c struct{ Partners, Advertisers, Offers, Approvals, Employees, StatDays int64 }
	err := db.Raw(`SELECT
		(SELECT count(*) FROM partners) AS partners,
		(SELECT count(*) FROM advertisers) AS advertisers,
		(SELECT count(*) FROM offers) AS offers,
		(SELECT count(*) FROM approvals) AS approvals,
		(SELECT count(*) FROM employees) AS employees,
		(SELECT count(DISTINCT date) FROM daily_stats) AS stat_days`).Scan(&c).Error
	s := Summary{Partners: c.Partners, Advertisers: c.Advertisers, Offers: c.Offers, Approvals: c.Approvals,
		Employees: c.Employees, StatDays: c.StatDays}
	if err != nil {
		return s, err
	}
	if s.DemoRows, err = store.CountDemo(db); err != nil {
		return s, err
	}
	if s.OwnData, err = store.HasOwnRows(db); err != nil {
		return s, err
	}
	s.Demo = s.DemoRows.Total() > 0
	s.DemoChoicePending = s.Demo && !s.OwnData
	return s, nil
}

// Manager is an employee who can own partners.
type Manager struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Facets are the values the table filters offer.
type Facets struct {
	Tags          []string  `json:"tags"`
	Countries     []string  `json:"countries"`
	Managers      []Manager `json:"managers"`
	Categories    []string  `json:"categories"`
	OfferStatuses []string  `json:"offerStatuses"`
}

// LoadFacets collects the distinct filter values present in the store.
func LoadFacets(db *gorm.DB) (Facets, error) {
	f := Facets{Tags: []string{}, Countries: []string{}, Managers: []Manager{}, Categories: []string{}, OfferStatuses: []string{}}
	// Tags live in one text column, so split them in SQL with a recursive CTE rather than
	// loading every partner.
	err := db.Raw(`WITH RECURSIVE split(rest, tag) AS (
			SELECT substr(tags, 2), NULL FROM (SELECT DISTINCT tags FROM partners WHERE tags <> ''
				UNION SELECT DISTINCT tags FROM advertisers WHERE tags <> '')
			UNION ALL
			SELECT substr(rest, instr(rest, ',') + 1), substr(rest, 1, instr(rest, ',') - 1)
			FROM split WHERE rest <> '')
		SELECT DISTINCT tag FROM split WHERE tag IS NOT NULL AND tag <> '' ORDER BY tag COLLATE NOCASE`).Scan(&f.Tags).Error
	if err != nil {
		return f, err
	}
	steps := []struct {
		sql  string
		dest any
	}{
		{"SELECT DISTINCT country FROM partners WHERE country <> '' ORDER BY country", &f.Countries},
		{"SELECT id, name, email FROM employees ORDER BY name", &f.Managers},
		{"SELECT DISTINCT category FROM offers WHERE category <> '' ORDER BY category", &f.Categories},
		{"SELECT DISTINCT status FROM offers ORDER BY status", &f.OfferStatuses},
	}
	for _, s := range steps {
		if err := db.Raw(s.sql).Scan(s.dest).Error; err != nil {
			return f, err
		}
	}
	return f, nil
}
