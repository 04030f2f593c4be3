package store

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gorm.io/gorm"

	"commhub/backend/model"
)

// migration is one step of the schema's history. Steps are never edited once released:
// add a new one at the end of migrations instead.
type migration struct {
	Version int
	Name    string
	Up      func(tx *gorm.DB) error
}

var migrations = []migration{
	{1, "network", func(tx *gorm.DB) error {
		if err := tx.AutoMigrate(append(model.Network(), &model.Setting{})...); err != nil {
			return err
		}
		for _, ddl := range []string{
			// The tables sort by name without case; these let a page of 50 skip sorting the table.
			"CREATE INDEX IF NOT EXISTS idx_partners_name_nocase ON partners(name COLLATE NOCASE, id)",
			"CREATE INDEX IF NOT EXISTS idx_offers_name_nocase ON offers(name COLLATE NOCASE, id)",
			"CREATE INDEX IF NOT EXISTS idx_advertisers_name_nocase ON advertisers(name COLLATE NOCASE, id)",
		} {
			if err := tx.Exec(ddl).Error; err != nil {
				return err
			}
		}
		return nil
	}},
	{2, "delivery", func(tx *gorm.DB) error {
		return tx.AutoMigrate(&model.Suppression{}, &model.SMTPProfile{}, &model.Run{}, &model.Delivery{})
	}},
	{3, "network-import-sync", func(tx *gorm.DB) error {
		for _, ddl := range []string{
			// How far an interrupted import of one file got (see network/imports).
			`CREATE TABLE IF NOT EXISTS import_checkpoints (fingerprint TEXT PRIMARY KEY, kind TEXT NOT NULL,
				line INTEGER NOT NULL, inserted INTEGER NOT NULL, updated INTEGER NOT NULL,
				unchanged INTEGER NOT NULL, updated_at DATETIME)`,
			// Per platform and entity: when the last API sync of it finished (incremental syncs).
			`CREATE TABLE IF NOT EXISTS sync_state (platform TEXT NOT NULL, entity TEXT NOT NULL,
				synced_at DATETIME NOT NULL, cursor TEXT NOT NULL DEFAULT '', PRIMARY KEY (platform, entity))`,
			// Tracking links fetched from the platform, so macros render offline.
			`CREATE TABLE IF NOT EXISTS tracking_links (partner_id INTEGER NOT NULL, offer_id INTEGER NOT NULL,
				url TEXT NOT NULL, fetched_at DATETIME NOT NULL, PRIMARY KEY (partner_id, offer_id))`,
		} {
			if err := tx.Exec(ddl).Error; err != nil {
				return err
			}
		}
		return nil
	}},
	{4, "audiences", func(tx *gorm.DB) error {
		if err := tx.AutoMigrate(&model.Audience{}); err != nil {
			return err
		}
		for _, ddl := range []string{
			// Performance rules sum one partner's stats over a date range: answered from the
			// index alone, without touching the table.
			`CREATE INDEX IF NOT EXISTS idx_stat_partner_cover ON daily_stats(partner_id, date, clicks, conversions, revenue_cents, payout_cents)`,
			// Advertiser audiences reach stats through their offers.
			`CREATE INDEX IF NOT EXISTS idx_stat_offer_date ON daily_stats(offer_id, date)`,
		} {
			if err := tx.Exec(ddl).Error; err != nil {
				return err
			}
		}
		return nil
	}},
	{5, "messages", func(tx *gorm.DB) error {
		return tx.AutoMigrate(&model.Message{})
	}},
	{6, "one-unfinished-run-per-message", oneUnfinishedRunPerMessage},
	{7, "demo-rows", migrateDemoRows},
	{8, "templates", func(tx *gorm.DB) error {
		for _, ddl := range []string{
			// Built-ins carry their library key and are refreshed from the binary at start;
			// the user's own have none.
			`CREATE TABLE IF NOT EXISTS templates (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE,
				built_in NUMERIC NOT NULL DEFAULT false, name TEXT NOT NULL, category TEXT NOT NULL DEFAULT '',
				description TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL DEFAULT 'general',
				recipient_kind TEXT NOT NULL DEFAULT 'partners', subject TEXT NOT NULL DEFAULT '',
				theme TEXT NOT NULL DEFAULT 'branded', header TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '',
				footer TEXT NOT NULL DEFAULT '', unsubscribe TEXT NOT NULL DEFAULT '', audience TEXT NOT NULL DEFAULT '',
				position INTEGER NOT NULL DEFAULT 0, created_at DATETIME, updated_at DATETIME)`,
			`CREATE UNIQUE INDEX IF NOT EXISTS idx_templates_name_nocase ON templates(name COLLATE NOCASE)`,
			// One row per use: the list ranks templates by their uses in a recent window.
			`CREATE TABLE IF NOT EXISTS template_uses (id INTEGER PRIMARY KEY AUTOINCREMENT,
				template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
				message_id INTEGER NOT NULL DEFAULT 0, used_at DATETIME NOT NULL)`,
			`CREATE INDEX IF NOT EXISTS idx_template_uses_template ON template_uses(template_id, used_at)`,
		} {
			if err := tx.Exec(ddl).Error; err != nil {
				return err
			}
		}
		return nil
	}},
	{9, "schedules", schedules},
	{10, "offer-payout-type", func(tx *gorm.DB) error {
		// A database made by this build already has the columns (step 1 creates offers
		// from the current model); older ones get them here.
		for _, f := range []string{"PayoutType", "PayoutPercent"} {
			if !tx.Migrator().HasColumn(&model.Offer{}, f) {
				if err := tx.Migrator().AddColumn(&model.Offer{}, f); err != nil {
					return err
				}
			}
		}
		return nil
	}},
}

type schemaVersion struct {
	Version   int `gorm:"primaryKey;autoIncrement:false"`
	Name      string
	AppliedAt time.Time
}

// SchemaVersion is the newest migration this build knows.
func SchemaVersion() int { return migrations[len(migrations)-1].Version }

func (s *Store) migrate() error {
	if err := s.DB.AutoMigrate(&schemaVersion{}); err != nil {
		return err
	}
	// Every step not yet recorded runs, in order. A store only ever holds a prefix of the
	// steps, so this equals "every step above the highest", and a step rolled back by hand
	// runs again even when later ones are recorded.
	var applied []int
	if err := s.DB.Model(&schemaVersion{}).Order("version").Pluck("version", &applied).Error; err != nil {
		return err
	}
	done := make(map[int]bool, len(applied))
	for _, v := range applied {
		done[v] = true
	}
	if n := len(applied); n > 0 && applied[n-1] > SchemaVersion() {
		return fmt.Errorf("the database was written by a newer CommHub (schema %d, this build knows %d): update CommHub", applied[n-1], SchemaVersion())
	}
	if len(applied) > 0 && len(applied) < len(migrations) {
		if _, err := s.Backup(fmt.Sprintf("before-schema-%d", SchemaVersion())); err != nil {
			return fmt.Errorf("backup before migration: %w", err)
		}
	}
	for _, m := range migrations {
		if done[m.Version] {
			continue
		}
		err := s.DB.Transaction(func(tx *gorm.DB) error {
			if err := m.Up(tx); err != nil {
				return err
			}
			return tx.Create(&schemaVersion{Version: m.Version, Name: m.Name, AppliedAt: time.Now().UTC()}).Error
		})
		if err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// Backup writes a consistent copy of the database into the backups folder and returns its path.
func (s *Store) Backup(label string) (string, error) {
	dir := filepath.Join(s.Dir, "backups")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("commhub-%s-%s.db", time.Now().UTC().Format("20060102-150405"), label))
	if err := s.DB.Exec("VACUUM INTO ?", path).Error; err != nil {
		return "", err
	}
	return path, nil
}
