package store

import "gorm.io/gorm"

// schedules adds when messages are sent (one schedule per message), what became of each
// fire time, and each message's activity history. Fire times are fixed-width RFC 3339
// UTC text, so that they compare as strings and the unique pair (message, fire time)
// means one fire time, whatever the driver does with time values.
func schedules(tx *gorm.DB) error {
	for _, ddl := range []string{
		`CREATE TABLE IF NOT EXISTS message_schedules (
			message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
			at TEXT NOT NULL DEFAULT '', cron TEXT NOT NULL DEFAULT '', time_zone TEXT NOT NULL,
			until TEXT NOT NULL DEFAULT '', count INTEGER NOT NULL DEFAULT 0, fired INTEGER NOT NULL DEFAULT 0,
			state TEXT NOT NULL, next_at TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL DEFAULT 1,
			created_at DATETIME, updated_at DATETIME)`,
		// The due-scan reads active schedules by next fire time and nothing else.
		`CREATE INDEX IF NOT EXISTS idx_schedules_due ON message_schedules(next_at) WHERE state = 'active'`,
		`CREATE TABLE IF NOT EXISTS schedule_occurrences (
			id INTEGER PRIMARY KEY AUTOINCREMENT,
			message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
			fire_at TEXT NOT NULL, status TEXT NOT NULL, run_id INTEGER, detail TEXT NOT NULL DEFAULT '',
			created_at DATETIME, updated_at DATETIME,
			UNIQUE (message_id, fire_at))`,
		`CREATE TABLE IF NOT EXISTS message_activity (
			id INTEGER PRIMARY KEY AUTOINCREMENT,
			message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
			at DATETIME NOT NULL, event TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '')`,
		`CREATE INDEX IF NOT EXISTS idx_activity_message ON message_activity(message_id, id)`,
	} {
		if err := tx.Exec(ddl).Error; err != nil {
			return err
		}
	}
	return nil
}
