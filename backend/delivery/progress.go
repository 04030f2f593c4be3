package delivery

import (
	"sync"
	"time"

	"gorm.io/gorm"

	"commhub/backend/model"
)

// Progress is a run's state as the progress view shows it.
type Progress struct {
	RunID     int64  `json:"runId"`
	MessageID int64  `json:"messageId"`
	Status    string `json:"status"`
	Note      string `json:"note"`
	// Totals is embedded so that its counts sit at the top level of the JSON, as the UI reads them.
	Totals
	// Remaining is what is still to be sent: queued plus in flight.
	Remaining int64 `json:"remaining"`
	// Rate is messages per second over the last ten seconds.
	Rate float64 `json:"rate"`
	// ETASeconds is the time left at the current rate, -1 when unknown.
	ETASeconds int64 `json:"etaSeconds"`
	// SlowedTo is the pace (messages/s) the engine fell back to after the server pushed
	// back, 0 when it runs at full speed.
	SlowedTo float64 `json:"slowedTo"`
}

// tally keeps a run's counts in memory, seeded from the database and moved by each
// committed status change.
type tally struct {
	mu     sync.Mutex
	counts map[string]int64
	sends  [10]int64 // sent per second, ring indexed by unix second
	second int64
	dirty  bool
}

func loadTally(db *gorm.DB, runID int64) (*tally, error) {
	var rows []struct {
		Status string
		N      int64
	}
	err := db.Model(&model.Delivery{}).Select("status, count(*) AS n").Where("run_id = ?", runID).Group("status").Scan(&rows).Error
	t := &tally{counts: map[string]int64{}, dirty: true}
	for _, r := range rows {
		t.counts[r.Status] = r.N
	}
	return t, err
}

// move records one row's change of status.
func (t *tally) move(from, to string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.counts[from]--
	t.counts[to]++
	t.dirty = true
	if to == model.DeliverySent {
		t.advance(now.Unix())
		t.sends[now.Unix()%10]++
	}
}

// bulk adds n to one status and removes it from another (user actions).
func (t *tally) bulk(from, to string, n int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.counts[from] -= n
	t.counts[to] += n
	t.dirty = true
}

func (t *tally) advance(sec int64) {
	if t.second == 0 || sec-t.second >= 10 {
		t.sends = [10]int64{}
	} else {
		for s := t.second + 1; s <= sec; s++ {
			t.sends[s%10] = 0
		}
	}
	if sec > t.second {
		t.second = sec
	}
}

// snapshot returns the progress and whether anything changed since the last call.
func (t *tally) snapshot(now time.Time, started time.Time) (Progress, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.advance(now.Unix())
	c := t.counts
	var p Progress
	for status, n := range c {
		p.add(status, n)
	}
	p.Remaining = p.Queued + p.Sending
	var window int64
	for _, n := range t.sends {
		window += n
	}
	span := now.Sub(started).Seconds()
	if span > 10 {
		span = 10
	}
	if span >= 1 {
		p.Rate = float64(window) / span
	}
	p.ETASeconds = -1
	if p.Remaining == 0 {
		p.ETASeconds = 0
	} else if p.Rate > 0 {
		p.ETASeconds = int64(float64(p.Remaining)/p.Rate + 0.5)
	}
	changed := t.dirty
	t.dirty = false
	return p, changed
}
