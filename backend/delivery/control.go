package delivery

import (
	"context"
	"time"

	"gorm.io/gorm"

	"commhub/backend/fault"
	"commhub/backend/model"

	"commhub/backend/events"
)

// haltWait bounds how long Pause and Cancel wait for messages in flight to finish.
const haltWait = 10 * time.Second

func (e *Engine) loadRun(runID int64) (model.Run, error) {
	var run model.Run
	err := e.cfg.DB.Limit(1).Find(&run, runID).Error
	if err == nil && run.ID == 0 {
		err = fault.NotFoundf("send run %d does not exist", runID)
	}
	return run, err
}

// Pause stops handing out messages; those in flight finish. It returns once they have.
func (e *Engine) Pause(runID int64) error {
	run, err := e.loadRun(runID)
	if err != nil {
		return err
	}
	if run.Status != model.RunRunning {
		return fault.Conflictf("send run %d is %s, not running: only a running send can be paused", runID, run.Status)
	}
	if r := e.runner(runID); r != nil {
		r.halt(exitPaused, "paused by the user")
		waitDone(r)
		return nil
	}
	e.note(runID, model.RunPaused, "paused by the user")
	return nil
}

// Resume continues a paused run where it stopped.
func (e *Engine) Resume(runID int64) error {
	if err := e.ready(); err != nil {
		return err
	}
	run, err := e.loadRun(runID)
	if err != nil {
		return err
	}
	if run.Status != model.RunPaused {
		return fault.Conflictf("send run %d is %s, not paused: only a paused send can be resumed", runID, run.Status)
	}
	return e.restart(runID)
}

// restart marks a run running and starts its runner (resume, retry, requeue).
func (e *Engine) restart(runID int64) error {
	if r := e.runner(runID); r != nil {
		waitDone(r) // a runner that is halting finishes before the next one starts
	}
	if err := e.cfg.DB.Model(&model.Run{}).Where("id = ?", runID).
		Updates(map[string]any{"status": model.RunRunning, "note": "", "finished_at": nil}).Error; err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.launch(runID); err != nil {
		e.note(runID, model.RunPaused, "could not resume: "+err.Error())
		return err
	}
	return nil
}

// Cancel stops a run for good: what is still queued is marked cancelled.
func (e *Engine) Cancel(runID int64) error {
	run, err := e.loadRun(runID)
	if err != nil {
		return err
	}
	if run.Status != model.RunRunning && run.Status != model.RunPaused {
		return fault.Conflictf("send run %d is already %s", runID, run.Status)
	}
	if r := e.runner(runID); r != nil {
		r.halt(exitCancelled, "cancelled by the user")
		waitDone(r)
		return nil
	}
	now := e.cfg.Now().UTC()
	err = e.cfg.DB.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&model.Delivery{}).Where("run_id = ? AND status = ?", runID, model.DeliveryQueued).
			Updates(map[string]any{"status": model.DeliveryCancelled, "reason": "cancelled by the user", "next_at": nil, "updated_at": now}).Error; err != nil {
			return err
		}
		return tx.Model(&model.Run{}).Where("id = ?", runID).
			Updates(map[string]any{"status": model.RunCancelled, "note": "cancelled by the user", "finished_at": now}).Error
	})
	if err == nil {
		e.messageCancelled(runID, run.MessageID)
		e.emitStored(runID)
	}
	return err
}

// RetryFailed queues the run's failed recipients again and restarts the run. It
// returns how many were queued.
func (e *Engine) RetryFailed(runID int64) (int64, error) {
	return e.requeue(runID, model.DeliveryFailed, nil)
}

// ResolveUnknown settles rows that were in flight during a crash, on the user's word:
// sent=true records them as sent; sent=false queues them to be sent again. ids empty
// means every unknown row of the run.
func (e *Engine) ResolveUnknown(runID int64, ids []int64, sent bool) (int64, error) {
	if !sent {
		return e.requeue(runID, model.DeliveryUnknown, ids)
	}
	if _, err := e.loadRun(runID); err != nil {
		return 0, err
	}
	now := e.cfg.Now().UTC()
	q := e.cfg.DB.Model(&model.Delivery{}).Where("run_id = ? AND status = ?", runID, model.DeliveryUnknown)
	if len(ids) > 0 {
		q = q.Where("id IN ?", ids)
	}
	res := q.Updates(map[string]any{"status": model.DeliverySent, "reason": "marked sent by the user", "sent_at": now, "updated_at": now})
	if res.Error == nil {
		e.afterBulk(runID, model.DeliveryUnknown, model.DeliverySent, res.RowsAffected)
	}
	return res.RowsAffected, res.Error
}

func (e *Engine) requeue(runID int64, from string, ids []int64) (int64, error) {
	if err := e.ready(); err != nil {
		return 0, err
	}
	run, err := e.loadRun(runID)
	if err != nil {
		return 0, err
	}
	now := e.cfg.Now().UTC()
	q := e.cfg.DB.Model(&model.Delivery{}).Where("run_id = ? AND status = ?", runID, from)
	if len(ids) > 0 {
		q = q.Where("id IN ?", ids)
	}
	res := q.Updates(map[string]any{"status": model.DeliveryQueued, "tries": 0, "next_at": nil, "reason": "queued again by the user", "updated_at": now})
	if res.Error != nil || res.RowsAffected == 0 {
		return 0, res.Error
	}
	e.afterBulk(runID, from, model.DeliveryQueued, res.RowsAffected)
	if run.Status == model.RunPaused {
		return res.RowsAffected, nil // sends when the user resumes
	}
	if e.runner(runID) != nil {
		return res.RowsAffected, nil // the running dispatcher picks them up
	}
	return res.RowsAffected, e.restart(runID)
}

// afterBulk keeps a live runner's tally in step with a change made outside it.
func (e *Engine) afterBulk(runID int64, from, to string, n int64) {
	if r := e.runner(runID); r != nil {
		r.t.bulk(from, to, n)
		select {
		case r.wake <- struct{}{}:
		default:
		}
		return
	}
	e.emitStored(runID)
}

// emitStored sends a progress event computed from the database (for runs without a runner).
func (e *Engine) emitStored(runID int64) {
	if p, err := e.Progress(runID); err == nil {
		e.cfg.Events.Emit(events.DeliveryProgress, p)
	}
}

// Progress is a run's current progress: live when it is sending, else from the database.
func (e *Engine) Progress(runID int64) (Progress, error) {
	if r := e.runner(runID); r != nil {
		p, _ := r.progress()
		return p, nil
	}
	run, err := e.loadRun(runID)
	if err != nil {
		return Progress{}, err
	}
	t, err := loadTally(e.cfg.DB, runID)
	if err != nil {
		return Progress{}, err
	}
	p, _ := t.snapshot(e.cfg.Now(), e.cfg.Now())
	p.RunID, p.MessageID, p.Status, p.Note = run.ID, run.MessageID, run.Status, run.Note
	p.Rate = 0
	return p, nil
}

// Wait blocks until the run is no longer running (done, paused or cancelled) and
// returns its final progress.
func (e *Engine) Wait(ctx context.Context, runID int64) (Progress, error) {
	for {
		if r := e.runner(runID); r != nil {
			select {
			case <-r.done:
			case <-ctx.Done():
				return Progress{}, ctx.Err()
			}
		}
		p, err := e.Progress(runID)
		if err != nil || p.Status != model.RunRunning {
			return p, err
		}
		select {
		case <-ctx.Done():
			return p, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func waitDone(r *runner) {
	select {
	case <-r.done:
	case <-time.After(haltWait):
	}
}
