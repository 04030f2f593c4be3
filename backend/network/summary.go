package network

import (
	"gorm.io/gorm"
)

// Summary counts what the store holds.
type Summary struct {
	Partners    int64 `json:"partners"`
	Advertisers int64 `json:"advertisers"`
	Offers      int64 `json:"offers"`
	Approvals   int64 `json:"approvals"`
	Employees   int64 `json:"employees"`
	StatDays    int64 `json:"statDays"`
	// Demo is true while the demo network is loaded.
	Demo bool `json:"demo"`
}

// Summarize counts the network and tells whether it is the demo.
func Summarize(db *gorm.DB, demoKey string) (Summary, error) {
	var s Summary
	err := db.Raw(`SELECT
		(SELECT count(*) FROM partners) AS partners,
		(SELECT count(*) FROM advertisers) AS advertisers,
		(SELECT count(*) FROM offers) AS offers,
		(SELECT count(*) FROM approvals) AS approvals,
		(SELECT count(*) FROM employees) AS employees,
		(SELECT count(DISTINCT date) FROM daily_stats) AS stat_days,
		(SELECT count(*) FROM settings WHERE key = ? AND value = '1') > 0 AS demo`, demoKey).Scan(&s).Error
	return s, err
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
