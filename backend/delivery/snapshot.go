package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"commhub/backend/fault"
	"commhub/backend/model"
)

// snapshotBatch is how many rows go into one INSERT; the whole snapshot is still one
// transaction.
const snapshotBatch = 500

// snapshot creates the run and one Delivery row per recipient, in one transaction:
// either the whole audience is recorded or nothing is. Suppressed and duplicate
// addresses are skipped here so that the log says why they got nothing. The source
// lists recipients on its own connection while a second goroutine writes the batches
// it produced so far into the transaction: the two halves take about as long as each
// other, and run side by side on two cores.
//
// claim runs first in the same transaction: it checks that the message may start a run
// now and names the addresses that must not get it again. The unique index on unfinished
// runs backs it: a run that would be a message's second unfinished one is never stored.
func snapshot(ctx context.Context, db *gorm.DB, src Source, h Header, profileID int64, now time.Time,
	claim func(tx *gorm.DB) (map[string]prior, error)) (model.Run, error) {
	run := model.Run{MessageID: h.MessageID, ProfileID: profileID, Subject: h.Subject, Status: model.RunRunning, CreatedAt: now}
	err := db.Transaction(func(tx *gorm.DB) error {
		got, err := claim(tx)
		if err != nil {
			return err
		}
		if err := tx.Create(&run).Error; err != nil {
			if strings.Contains(err.Error(), "UNIQUE constraint failed: send_runs.message_id") {
				return fault.Conflictf("message %d is already being sent (another send of it started at the same moment): follow that run in Communications", h.MessageID)
			}
			return err
		}
		s := newSnapshotter(tx, run.ID, now, got)
		if err := s.list(ctx, src); err != nil {
			return fmt.Errorf("list the recipients of message %d: %w", h.MessageID, err)
		}
		run.Resolved = s.count
		return tx.Model(&run).Update("resolved", s.count).Error
	})
	return run, err
}

// prior is a earlier run's row for an address: it got the message (sent) or may have
// (unknown: in flight when CommHub stopped).
type prior struct {
	run    int64
	status string
}

func newSnapshotter(tx *gorm.DB, run int64, now time.Time, got map[string]prior) *snapshotter {
	return &snapshotter{tx: tx, run: run, now: now, got: got,
		out: make(chan []model.Delivery, 1), wrote: make(chan error, 1)}
}

// list decides every recipient of src and writes the rows (none when dry).
func (s *snapshotter) list(ctx context.Context, src Source) error {
	go s.write()
	err := src.Recipients(ctx, s.add)
	if err == nil {
		err = s.hand()
	}
	close(s.out)
	if werr := <-s.wrote; werr != nil {
		return werr
	}
	return err
}

type snapshotter struct {
	tx    *gorm.DB
	run   int64
	now   time.Time
	seen  addressSet       // lower-case addresses, with the recipient that has each
	got   map[string]prior // lower-case address -> the earlier run that reached it
	batch []model.Delivery
	count int64
	// dry decides without writing (a preview); queued and again count what it decided.
	dry    bool
	queued int64 // rows that would be sent
	again  int64 // rows skipped because an earlier run reached the address

	out   chan []model.Delivery // full batches, to the writing goroutine
	wrote chan error            // its outcome, once out is closed
	mu    sync.Mutex
	err   error // the first write error: the listing stops at the next batch
}

func (s *snapshotter) add(r Recipient) error {
	s.count++
	d := model.Delivery{RunID: s.run, Kind: r.Kind, RecipientID: r.ID, Name: r.Name,
		Email: strings.TrimSpace(r.Email), UpdatedAt: s.now}
	key := strings.ToLower(d.Email)
	switch {
	case r.Status == DecisionBlocked:
		d.Status, d.Reason = model.DeliveryBlocked, r.Reason
	case r.Status == DecisionSkipped:
		d.Status, d.Reason = model.DeliverySkipped, r.Reason
	case key == "" || !strings.Contains(key, "@"):
		d.Status, d.Reason = model.DeliverySkipped, "no valid email address"
	default:
		d.Status, d.Reason = s.decide(key, r)
	}
	s.batch = append(s.batch, d)
	if len(s.batch) >= snapshotBatch {
		return s.hand()
	}
	return nil
}

// decide is the fate of a valid address: a duplicate within this run, one an earlier run
// reached (a send again), or queued.
func (s *snapshotter) decide(key string, r Recipient) (status, reason string) {
	first, dup := s.seen.add(key, r.ID)
	switch p := s.got[key]; {
	case dup && first != 0:
		return model.DeliverySkipped, fmt.Sprintf("duplicate address: already in this run for %s %d", r.Kind, first)
	case dup:
		return model.DeliverySkipped, "duplicate address: already in this run for another " + r.Kind
	case p.run != 0:
		s.again++
		if p.status == model.DeliveryUnknown {
			return model.DeliverySkipped, fmt.Sprintf("may have received it in run %d (in flight when CommHub stopped)", p.run)
		}
		return model.DeliverySkipped, fmt.Sprintf("already received it in run %d", p.run)
	}
	return model.DeliveryQueued, ""
}

// hand passes the batch to the writing goroutine, or returns its error.
func (s *snapshotter) hand() error {
	s.mu.Lock()
	err := s.err
	s.mu.Unlock()
	if err != nil || len(s.batch) == 0 {
		return err
	}
	s.out <- s.batch
	s.batch = make([]model.Delivery, 0, snapshotBatch)
	return nil
}

// write is the goroutine that owns the transaction while the listing runs.
func (s *snapshotter) write() {
	var err error
	for b := range s.out {
		if err == nil {
			if err = s.flush(b); err != nil {
				s.mu.Lock()
				s.err = err
				s.mu.Unlock()
			}
		}
	}
	s.wrote <- err
}

// flush applies the suppression list to the batch with one query, then inserts it.
func (s *snapshotter) flush(batch []model.Delivery) error {
	emails := make([]string, 0, len(batch))
	for _, d := range batch {
		if d.Status == model.DeliveryQueued {
			emails = append(emails, strings.ToLower(d.Email))
		}
	}
	var sup []model.Suppression
	if len(emails) > 0 {
		if err := s.tx.Where("email IN ?", emails).Find(&sup).Error; err != nil {
			return err
		}
	}
	reasons := make(map[string]string, len(sup))
	for _, x := range sup {
		reasons[x.Email] = x.Reason
	}
	for i := range batch {
		d := &batch[i]
		if why, ok := reasons[strings.ToLower(d.Email)]; ok && d.Status == model.DeliveryQueued {
			d.Status, d.Reason = model.DeliverySkipped, "suppressed: "+why
		}
		if d.Status == model.DeliveryQueued {
			s.queued++
		}
	}
	if s.dry {
		return nil
	}
	return insertDeliveries(s.tx, batch)
}

// sqlInsertDeliveries inserts a batch given as one JSON array parameter: the SQLite
// driver parses every statement it runs, and a multi-row VALUES list costs more to
// parse than to execute, where this statement is short whatever the batch's size.
const sqlInsertDeliveries = "INSERT INTO deliveries (run_id, status, kind, recipient_id, name, email, reason, attempts, tries, message_id_header, updated_at) " +
	"SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, 0, 0, '', ? FROM json_each(?)"

// insertDeliveries writes a batch of rows that share their run and update time.
func insertDeliveries(tx *gorm.DB, rows []model.Delivery) error {
	if len(rows) == 0 {
		return nil
	}
	list := make([][7]any, len(rows))
	for i, d := range rows {
		list[i] = [7]any{d.RunID, d.Status, d.Kind, d.RecipientID, d.Name, d.Email, d.Reason}
	}
	b, err := json.Marshal(list)
	if err != nil {
		return err
	}
	return tx.Exec(sqlInsertDeliveries, rows[0].UpdatedAt, string(b)).Error
}
