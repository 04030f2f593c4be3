package store

import (
	"fmt"

	"gorm.io/gorm"
)

// migrateDemoRows gives every network table a demo column and flags the rows that an
// earlier build's seed generated, so that clearing the demo spares the user's own rows.
//
// Earlier builds did not mark their rows, so this step recognises them by what the seed
// always wrote: its fixed ID ranges (employees 1-5, advertisers 101-124, offers 1001-1036,
// partners 5001-5420) together with addresses on reserved example domains that no real
// network uses (a demo partner's e-mail even carries its own ID). A demo row that an
// import or sync has overwritten carries the user's values and stays the user's.
// The step is frozen: it must keep meaning this whatever the seed becomes.
func migrateDemoRows(tx *gorm.DB) error {
	for _, table := range []string{"employees", "advertisers", "offers", "partners", "approvals", "daily_stats"} {
		var has int64
		if err := tx.Raw("SELECT count(*) FROM pragma_table_info(?) WHERE name = 'demo'", table).Scan(&has).Error; err != nil {
			return err
		}
		if has == 0 {
			if err := tx.Exec("ALTER TABLE " + table + " ADD COLUMN demo INTEGER NOT NULL DEFAULT 0").Error; err != nil {
				return fmt.Errorf("add %s.demo: %w", table, err)
			}
		}
		// Only demo rows are indexed: counting and clearing them stays cheap next to
		// millions of the user's daily stats.
		if err := tx.Exec("CREATE INDEX IF NOT EXISTS idx_" + table + "_demo ON " + table + "(demo) WHERE demo = 1").Error; err != nil {
			return err
		}
	}
	var loaded int64
	if err := tx.Raw("SELECT count(*) FROM settings WHERE key = 'network.demo' AND value = '1'").Scan(&loaded).Error; err != nil {
		return err
	}
	if loaded == 0 {
		return nil // the demo was never loaded, or already cleared
	}
	// Approvals and stats were generated only between demo partners and demo offers; one
	// still attached to a demo partner or offer goes with the demo.
	const attached = `partner_id BETWEEN 5001 AND 5420 AND offer_id BETWEEN 1001 AND 1036 AND
		(partner_id IN (SELECT id FROM partners WHERE demo = 1) OR offer_id IN (SELECT id FROM offers WHERE demo = 1))`
	for _, q := range []string{
		`UPDATE employees SET demo = 1 WHERE id BETWEEN 1 AND 5 AND email LIKE '%@network.example.com'`,
		`UPDATE advertisers SET demo = 1 WHERE id BETWEEN 101 AND 124 AND contact_email LIKE 'partnerships@%.example.com'`,
		`UPDATE offers SET demo = 1 WHERE id BETWEEN 1001 AND 1036 AND preview_url LIKE 'https://www.%.example.com/offer/' || id`,
		`UPDATE partners SET demo = 1 WHERE id BETWEEN 5001 AND 5420 AND (email LIKE '%.' || id || '@example.com'
			OR email LIKE '%.' || id || '@example.net' OR email LIKE '%.' || id || '@affiliates.test')`,
		`UPDATE approvals SET demo = 1 WHERE ` + attached,
		`UPDATE daily_stats SET demo = 1 WHERE ` + attached,
	} {
		if err := tx.Exec(q).Error; err != nil {
			return fmt.Errorf("mark the demo rows: %w", err)
		}
	}
	return nil
}
