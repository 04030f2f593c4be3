package store

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"commhub/backend/fault"
)

// demoTables are the network tables, parents before children. Each has a demo column: 1 on
// rows the demo seed generated, 0 on the user's own (imported, synced, or a demo row an
// import or sync has since overwritten).
var demoTables = []string{"employees", "advertisers", "offers", "partners", "approvals", "daily_stats"}

// What to do with the demo network before an import or sync writes the user's own data.
const (
	// DemoAsk leaves the choice to the user: the write is refused while it is still open.
	DemoAsk = ""
	// DemoClear removes the demo rows first.
	DemoClear = "clear"
	// DemoKeep keeps the demo rows next to the user's data.
	DemoKeep = "keep"
)

// DemoRows counts the demo rows of each network table that are still in the store.
type DemoRows struct {
	Employees   int64 `json:"employees"`
	Advertisers int64 `json:"advertisers"`
	Offers      int64 `json:"offers"`
	Partners    int64 `json:"partners"`
	Approvals   int64 `json:"approvals"`
	Stats       int64 `json:"stats"`
}

// Total is the number of demo rows left.
func (d DemoRows) Total() int64 {
	return d.Employees + d.Advertisers + d.Offers + d.Partners + d.Approvals + d.Stats
}

// CountDemo counts the demo rows left in each network table.
func CountDemo(db *gorm.DB) (DemoRows, error) {
	var d DemoRows
	err := db.Raw(`SELECT
		(SELECT count(*) FROM employees WHERE demo = 1) AS employees,
		(SELECT count(*) FROM advertisers WHERE demo = 1) AS advertisers,
		(SELECT count(*) FROM offers WHERE demo = 1) AS offers,
		(SELECT count(*) FROM partners WHERE demo = 1) AS partners,
		(SELECT count(*) FROM approvals WHERE demo = 1) AS approvals,
		(SELECT count(*) FROM daily_stats WHERE demo = 1) AS stats`).Scan(&d).Error
	return d, err
}

// HasOwnRows reports whether any network table holds a row that is not the demo's.
func HasOwnRows(db *gorm.DB) (bool, error) {
	parts := make([]string, len(demoTables))
	for i, t := range demoTables {
		parts[i] = "EXISTS (SELECT 1 FROM " + t + " WHERE demo = 0)"
	}
	var own bool
	err := db.Raw("SELECT " + strings.Join(parts, " OR ")).Scan(&own).Error
	return own, err
}

// DemoChoicePending reports whether the next import or sync must first ask what to do with
// the demo: demo rows are present and none of the user's own yet.
func DemoChoicePending(db *gorm.DB) (bool, error) {
	d, err := CountDemo(db)
	if err != nil || d.Total() == 0 {
		return false, err
	}
	own, err := HasOwnRows(db)
	return !own, err
}

// BeforeOwnData applies the user's choice about the demo network before an import or sync
// writes into the store. It reports whether it cleared the demo (the caller then resets
// the settings that went with it). With DemoAsk it refuses, as a conflict, while the choice
// is still open, so no first import mixes the user's rows into the demo unasked.
func BeforeOwnData(db *gorm.DB, choice string) (cleared bool, err error) {
	switch choice {
	case DemoClear:
		d, err := CountDemo(db)
		if err != nil || d.Total() == 0 {
			return false, err
		}
		return true, ClearDemo(db)
	case DemoKeep:
		return false, nil
	case DemoAsk:
		pending, err := DemoChoicePending(db)
		if err != nil {
			return false, err
		}
		if pending {
			return false, fault.Conflictf("CommHub still holds the demo network and none of your own data: " +
				`choose whether to clear the demo first ("clear") or keep it next to your data ("keep")`)
		}
		return false, nil
	}
	return false, fault.Invalidf("demo %q is not a choice: use \"clear\" to remove the demo network first, \"keep\" to keep it, or \"\" to be asked", choice)
}

// ClearDemo deletes the demo rows, and only them, in one transaction: the user's imported
// and synced rows stay, even when they sit next to the demo. Tracking links cached for a
// demo partner or offer go with it.
func ClearDemo(db *gorm.DB) error {
	return db.Transaction(func(tx *gorm.DB) error {
		err := tx.Exec(`DELETE FROM tracking_links WHERE partner_id IN (SELECT id FROM partners WHERE demo = 1)
			OR offer_id IN (SELECT id FROM offers WHERE demo = 1)`).Error
		if err != nil {
			return fmt.Errorf("clear demo tracking links: %w", err)
		}
		for i := len(demoTables) - 1; i >= 0; i-- {
			if err := tx.Exec("DELETE FROM " + demoTables[i] + " WHERE demo = 1").Error; err != nil {
				return fmt.Errorf("clear demo %s: %w", demoTables[i], err)
			}
		}
		return tx.Exec("INSERT INTO settings (key, value) VALUES (?, '0') ON CONFLICT(key) DO UPDATE SET value = '0'", SettingDemo).Error
	})
}

// markSeeded flags the rows a seed just wrote as the demo's. The seed only ever writes into
// a store without partners, so every approval and stat of a seeded partner is the seed's.
func (d *demo) markSeeded(tx *gorm.DB) error {
	ids := func(n int, id func(int) int64) []int64 {
		out := make([]int64, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	partners := ids(len(d.partners), func(i int) int64 { return d.partners[i].ID })
	steps := []struct {
		sql string
		ids []int64
	}{
		{"UPDATE employees SET demo = 1 WHERE id IN ?", ids(len(d.employees), func(i int) int64 { return d.employees[i].ID })},
		{"UPDATE advertisers SET demo = 1 WHERE id IN ?", ids(len(d.advertisers), func(i int) int64 { return d.advertisers[i].ID })},
		{"UPDATE offers SET demo = 1 WHERE id IN ?", ids(len(d.offers), func(i int) int64 { return d.offers[i].ID })},
		{"UPDATE partners SET demo = 1 WHERE id IN ?", partners},
		{"UPDATE approvals SET demo = 1 WHERE partner_id IN ?", partners},
		{"UPDATE daily_stats SET demo = 1 WHERE partner_id IN ?", partners},
	}
	for _, s := range steps {
		if err := tx.Exec(s.sql, s.ids).Error; err != nil {
			return fmt.Errorf("mark demo rows: %w", err)
		}
	}
	return nil
}
