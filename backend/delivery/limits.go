package delivery

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"commhub/backend/model"
)

// limiter enforces one SMTP profile's limits across every run that uses it, and slows
// down when the server asks to (4xx throttling), speeding up again as sends succeed.
type limiter struct {
	perSecond *rate.Limiter // nil: no per-second cap configured
	perHour   *rate.Limiter // nil: no per-hour cap configured
	adaptive  *rate.Limiter // rate.Inf until the server complains

	mu     sync.Mutex
	streak int
	cap    rate.Limit // the configured per-second limit, or rate.Inf
	first  rate.Limit // the pace after the first push-back when no cap is configured
	last   time.Time  // last slow-down: several workers failing at once count once
}

// slowFloor is the slowest the adaptive limit goes: one message a second.
const slowFloor = rate.Limit(1)

// slowGap is the minimum time between two slow-downs.
const slowGap = time.Second

func newLimiter(p model.SMTPProfile, first float64) *limiter {
	l := &limiter{adaptive: rate.NewLimiter(rate.Inf, 1), cap: rate.Inf, first: rate.Limit(first)}
	if p.PerSecond > 0 {
		l.cap = rate.Limit(p.PerSecond)
		l.perSecond = rate.NewLimiter(l.cap, p.PerSecond)
	}
	if p.PerHour > 0 {
		// An even pace with a burst of one: never more than PerHour+1 in any hour.
		l.perHour = rate.NewLimiter(rate.Every(time.Hour/time.Duration(p.PerHour)), 1)
	}
	return l
}

// Wait blocks until one more message may go.
func (l *limiter) Wait(ctx context.Context) error {
	for _, r := range []*rate.Limiter{l.perHour, l.perSecond, l.adaptive} {
		if r == nil {
			continue
		}
		if err := r.Wait(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Throttled slows the pace by a quarter after the server pushed back.
func (l *limiter) Throttled() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.streak = 0
	if time.Since(l.last) < slowGap {
		return
	}
	l.last = time.Now()
	cur := l.adaptive.Limit()
	switch {
	case cur == rate.Inf && l.cap != rate.Inf:
		cur = l.cap * 3 / 4
	case cur == rate.Inf:
		cur = l.first
	default:
		cur = cur * 3 / 4
	}
	if cur < slowFloor {
		cur = slowFloor
	}
	l.adaptive.SetLimit(cur)
}

// Succeeded speeds up by a quarter after every 20 successes in a row, back to no extra
// limit once past the configured cap.
func (l *limiter) Succeeded() {
	l.mu.Lock()
	defer l.mu.Unlock()
	cur := l.adaptive.Limit()
	if cur == rate.Inf {
		return
	}
	l.streak++
	if l.streak < 20 {
		return
	}
	l.streak = 0
	cur *= 1.25
	if cur >= l.cap || cur > 1000 {
		cur = rate.Inf
	}
	l.adaptive.SetLimit(cur)
}

// Slowed reports the current adaptive pace, 0 when none is in force.
func (l *limiter) Slowed() float64 {
	if v := l.adaptive.Limit(); v != rate.Inf {
		return float64(v)
	}
	return 0
}

// limiters keeps one limiter per profile, rebuilt when the profile changes.
type limiters struct {
	mu sync.Mutex
	m  map[int64]limiterEntry
}

type limiterEntry struct {
	updated time.Time
	l       *limiter
}

func (ls *limiters) get(p model.SMTPProfile, first float64) *limiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.m == nil {
		ls.m = map[int64]limiterEntry{}
	}
	if e, ok := ls.m[p.ID]; ok && e.updated.Equal(p.UpdatedAt) {
		return e.l
	}
	l := newLimiter(p, first)
	ls.m[p.ID] = limiterEntry{updated: p.UpdatedAt, l: l}
	return l
}
