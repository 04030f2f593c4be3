package delivery

import (
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// refusedReason is what a row says when the journal shows the server refused it just
// before a crash and the refusal's outcome was not recorded: it goes again.
const refusedReason = "not accepted by the server when CommHub stopped: queued again"

const (
	sqlInFlightRuns = "SELECT DISTINCT run_id FROM deliveries WHERE status = 'sending'"
	sqlOpenRows     = "SELECT id, status FROM deliveries WHERE run_id = ? AND status IN ('queued', 'sending')"
	// A row marked `sending` without a journal: the mark was made just before its
	// attempt, so it may have reached the server.
	sqlAllUnknown    = "UPDATE deliveries SET status = 'unknown', reason = ?, attempts = attempts + 1, updated_at = ? WHERE run_id = ? AND status = 'sending'"
	sqlRecoverSent   = "UPDATE deliveries SET status = 'sent', reason = '', tries = 0, next_at = NULL, attempts = attempts + 1, message_id_header = ?, sent_at = ?, updated_at = ? WHERE id = ?"
	sqlRecoverUnsure = "UPDATE deliveries SET status = 'unknown', reason = ?, attempts = attempts + 1, " +
		"message_id_header = CASE WHEN ? = '' THEN message_id_header ELSE ? END, updated_at = ? WHERE id = ?"
	sqlRecoverQueued = "UPDATE deliveries SET status = 'queued', reason = ?, updated_at = ? WHERE id = ?"
)

// recoverInFlight settles, in one transaction, what a previous process left open: the
// rows its runs' journals name (see journal.go) and the rows it marked `sending`
// without a journal. Then the journals go.
func (e *Engine) recoverInFlight(now time.Time) error {
	err := e.cfg.DB.Transaction(func(tx *gorm.DB) error {
		journaled := journalRuns(e.journals)
		for _, runID := range journaled {
			if err := e.recoverRun(tx, runID, now); err != nil {
				return fmt.Errorf("run %d: %w", runID, err)
			}
		}
		var marked []int64
		if err := tx.Raw(sqlInFlightRuns).Scan(&marked).Error; err != nil {
			return err
		}
		for _, runID := range marked {
			if !slices.Contains(journaled, runID) {
				if err := tx.Exec(sqlAllUnknown, unknownReason, now, runID).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	removeJournals(e.journals)
	return nil
}

// recoverRun settles the open rows of one run from its journal.
func (e *Engine) recoverRun(tx *gorm.DB, runID int64, now time.Time) error {
	entries, ok, err := readJournal(e.journals, runID)
	if err != nil || !ok {
		// Unreadable: what it would have said is unknown, so every row it could name
		// stays as the database has it, and those marked `sending` become unknown.
		e.cfg.Log.Printf("delivery: run %d: %v: rows marked sending become unknown", runID, err)
		return tx.Exec(sqlAllUnknown, unknownReason, now, runID).Error
	}
	var open []struct {
		ID     int64
		Status string
	}
	if err := tx.Raw(sqlOpenRows, runID).Scan(&open).Error; err != nil {
		return err
	}
	for _, row := range open {
		entry, seen := entries[row.ID]
		var err error
		switch {
		case !seen && row.Status == "sending":
			// Marked in the database but not journaled: nothing says it never went.
			err = tx.Exec(sqlRecoverUnsure, unknownReason, "", "", now, row.ID).Error
		case !seen:
			// Taken by a worker at most, never attempted: it simply stays queued.
		case entry.kind == journalRefused:
			if row.Status != "queued" {
				err = tx.Exec(sqlRecoverQueued, refusedReason, now, row.ID).Error
			}
		case entry.kind == journalSent:
			err = tx.Exec(sqlRecoverSent, entry.messageID, entry.at, now, row.ID).Error
		default:
			err = tx.Exec(sqlRecoverUnsure, unknownReason, entry.messageID, entry.messageID, now, row.ID).Error
		}
		if err != nil {
			return err
		}
	}
	return nil
}
