package store

import (
	"time"

	"gorm.io/gorm"
)

// oneUnfinishedRunPerMessage makes "a message has at most one run that may still send"
// a fact of the database. Stores written before it may already hold several such runs of
// one message (parallel sends started them): the oldest keeps sending, the later ones are
// cancelled with a note, and what they had still queued is cancelled too, so the index
// can be built. The step spells its statuses out: it must mean the same thing whatever
// the Go constants become.
func oneUnfinishedRunPerMessage(tx *gorm.DB) error {
	now := time.Now().UTC()
	const later = `status IN ('running', 'paused') AND EXISTS (SELECT 1 FROM send_runs o
		WHERE o.message_id = send_runs.message_id AND o.status IN ('running', 'paused') AND o.id < send_runs.id)`
	steps := []struct {
		sql  string
		args []any
	}{
		{`UPDATE deliveries SET status = 'cancelled', reason = ?, next_at = NULL, updated_at = ?
			WHERE status = 'queued' AND run_id IN (SELECT id FROM send_runs WHERE ` + later + `)`,
			[]any{"cancelled on upgrade: a second send of the same message had been started by mistake", now}},
		{`UPDATE send_runs SET status = 'cancelled', finished_at = ?,
			note = 'cancelled on upgrade: an earlier send of this message was still unfinished' WHERE ` + later,
			[]any{now}},
		{`CREATE UNIQUE INDEX IF NOT EXISTS idx_send_runs_one_unfinished ON send_runs(message_id)
			WHERE status IN ('running', 'paused')`, nil},
	}
	for _, s := range steps {
		if err := tx.Exec(s.sql, s.args...).Error; err != nil {
			return err
		}
	}
	// Saves count revisions, so a send can tell whether the message it compiled is still
	// the stored one. Stores created by this build already have the column.
	if !tx.Migrator().HasColumn("messages", "revision") {
		if err := tx.Exec(`ALTER TABLE messages ADD COLUMN revision INTEGER NOT NULL DEFAULT 0`).Error; err != nil {
			return err
		}
	}
	return repairMessageStatuses(tx)
}

// repairMessageStatuses undoes statuses that earlier builds let a caller save: a message
// marked sending or sent that no run ever sent was set so by hand and is a draft again; a
// message left sending without an unfinished run is sent when a run reached anybody, else
// ready. Otherwise such a message could be neither edited, deleted nor cancelled.
func repairMessageStatuses(tx *gorm.DB) error {
	for _, q := range []string{
		`UPDATE messages SET status = 'draft' WHERE status IN ('sending', 'sent')
			AND NOT EXISTS (SELECT 1 FROM send_runs r WHERE r.message_id = messages.id)`,
		`UPDATE messages SET status = CASE WHEN EXISTS (SELECT 1 FROM deliveries d JOIN send_runs r ON r.id = d.run_id
				WHERE r.message_id = messages.id AND d.status = 'sent') THEN 'sent' ELSE 'ready' END
			WHERE status = 'sending' AND NOT EXISTS (SELECT 1 FROM send_runs r
				WHERE r.message_id = messages.id AND r.status IN ('running', 'paused'))`,
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}
