package api

import (
	"context"
	"strings"

	"commhub/backend/delivery"
	"commhub/backend/fault"
	"commhub/backend/schedule"
)

// Deliveries sends messages and shows what happened to every recipient.
type Deliveries struct {
	kit *deliveryKit
}

// Send starts sending a message now: its recipients are snapshotted and the run's id
// is returned at once; progress arrives as "delivery.progress" events.
// A scheduled message is refused: its schedule sends it (unschedule it to send it now).
func (s *Deliveries) Send(messageID int64) (int64, error) {
	if s.kit.deps.Store != nil {
		if pending, err := schedule.Pending(s.kit.deps.Store.DB, messageID); err != nil {
			return 0, err
		} else if pending {
			return 0, fault.Conflictf("message %d is scheduled: unschedule it first to send it now (Scheduled, Send now does both)", messageID)
		}
	}
	return s.kit.engine.Send(context.Background(), messageID)
}

// Runs lists send runs, newest first; messageID 0 lists the runs of every message.
func (s *Deliveries) Runs(messageID int64) ([]delivery.RunSummary, error) {
	return delivery.ListRuns(s.kit.deps.Store.DB, messageID, 200)
}

// Run returns one run's totals and its sends-over-time series.
func (s *Deliveries) Run(runID int64) (delivery.RunDetail, error) {
	return delivery.GetRun(s.kit.deps.Store.DB, runID)
}

// Progress returns a run's live progress (the payload of the progress event).
func (s *Deliveries) Progress(runID int64) (delivery.Progress, error) {
	return s.kit.engine.Progress(runID)
}

// Recipients returns one page of a run's per-recipient log, filtered by status ("" for
// all) and a search on name, address or reason.
func (s *Deliveries) Recipients(runID int64, status, search string, page, pageSize int) (delivery.RecipientPage, error) {
	return delivery.Recipients(s.kit.deps.Store.DB, runID, status, search, page, pageSize)
}

// ExportCSV returns a run's log as CSV text, with the same filters as Recipients.
func (s *Deliveries) ExportCSV(runID int64, status, search string) (string, error) {
	if _, err := delivery.GetRun(s.kit.deps.Store.DB, runID); err != nil {
		return "", err
	}
	var b strings.Builder
	err := delivery.ExportCSV(s.kit.deps.Store.DB, runID, status, search, &b)
	return b.String(), err
}

// Pause stops a run after the messages in flight.
func (s *Deliveries) Pause(runID int64) error { return s.kit.engine.Pause(runID) }

// Resume continues a paused run.
func (s *Deliveries) Resume(runID int64) error { return s.kit.engine.Resume(runID) }

// Cancel stops a run for good; what was still queued is marked cancelled.
func (s *Deliveries) Cancel(runID int64) error { return s.kit.engine.Cancel(runID) }

// RetryFailed queues the run's failed recipients again; it returns how many.
func (s *Deliveries) RetryFailed(runID int64) (int64, error) {
	return s.kit.engine.RetryFailed(runID)
}

// ResolveUnknown settles rows that were in flight during a crash: action "sent" records
// them as sent, "requeue" sends them again. ids empty means every unknown row of the run.
func (s *Deliveries) ResolveUnknown(runID int64, ids []int64, action string) (int64, error) {
	switch action {
	case "sent":
		return s.kit.engine.ResolveUnknown(runID, ids, true)
	case "requeue":
		return s.kit.engine.ResolveUnknown(runID, ids, false)
	}
	return 0, fault.Invalidf("resolve unknown: action %q is not \"sent\" or \"requeue\"", action)
}

// SendAgainPreview says what sending a sent message again would do: how many already
// got it, and how many each choice would send to. Nothing is recorded.
func (s *Deliveries) SendAgainPreview(messageID int64) (delivery.AgainPreview, error) {
	return s.kit.engine.SendAgainPreview(context.Background(), messageID)
}

// SendAgain starts another run of a message that was sent before; onlyMissing skips
// those an earlier run reached. It returns the new run's id.
func (s *Deliveries) SendAgain(messageID int64, onlyMissing bool) (int64, error) {
	return s.kit.engine.SendAgain(context.Background(), messageID, onlyMissing)
}
