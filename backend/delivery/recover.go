package delivery

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Reasons a row left `sending` by a crash is given when its run's journal settles it.
const (
	notAttemptedReason = "waiting to be sent when CommHub stopped: queued again"
	refusedReason      = "not accepted by the server when CommHub stopped: queued again"
)

const (
	sqlInFlightRuns  = "SELECT DISTINCT run_id FROM deliveries WHERE status = 'sending'"
	sqlInFlightRows  = "SELECT id FROM deliveries WHERE run_id = ? AND status = 'sending'"
	sqlAllUnknown    = "UPDATE deliveries SET status = 'unknown', reason = ?, updated_at = ? WHERE run_id = ? AND status = 'sending'"
	sqlRecoverSent   = "UPDATE deliveries SET status = 'sent', reason = '', tries = 0, next_at = NULL, sent_at = ?, updated_at = ? WHERE id = ? AND status = 'sending'"
	sqlRecoverQueued = "UPDATE deliveries SET status = 'queued', reason = ?, attempts = attempts - ?, updated_at = ? WHERE id = ? AND status = 'sending'"
	sqlRecoverUnsure = "UPDATE deliveries SET status = 'unknown', reason = ?, updated_at = ? WHERE id = ? AND status = 'sending'"
)

// recoverInFlight settles the rows a previous process left `sending`, run by run, from
// the runs' journals (see journal.go), in one transaction; then the journals go.
func (e *Engine) recoverInFlight(now time.Time) error {
	err := e.cfg.DB.Transaction(func(tx *gorm.DB) error {
		var runs []int64
		if err := tx.Raw(sqlInFlightRuns).Scan(&runs).Error; err != nil {
			return err
		}
		for _, runID := range runs {
			if err := e.recoverRun(tx, runID, now); err != nil {
				return fmt.Errorf("run %d: %w", runID, err)
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

func (e *Engine) recoverRun(tx *gorm.DB, runID int64, now time.Time) error {
	entries, ok, err := readJournal(e.journals, runID)
	if err != nil {
		e.cfg.Log.Printf("delivery: run %d: %v: every row in flight becomes unknown", runID, err)
	}
	if !ok || err != nil {
		return tx.Exec(sqlAllUnknown, unknownReason, now, runID).Error
	}
	var ids []int64
	if err := tx.Raw(sqlInFlightRows, runID).Scan(&ids).Error; err != nil {
		return err
	}
	for _, id := range ids {
		var err error
		switch entry, seen := entries[id]; {
		case !seen:
			err = tx.Exec(sqlRecoverQueued, notAttemptedReason, 1, now, id).Error
		case entry.kind == journalSent:
			err = tx.Exec(sqlRecoverSent, entry.at, now, id).Error
		case entry.kind == journalRefused:
			err = tx.Exec(sqlRecoverQueued, refusedReason, 0, now, id).Error
		default:
			err = tx.Exec(sqlRecoverUnsure, unknownReason, now, id).Error
		}
		if err != nil {
			return err
		}
	}
	return nil
}
