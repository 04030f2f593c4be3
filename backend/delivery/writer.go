package delivery

import (
	"context"
	"sync"

	"gorm.io/gorm"
)

// writer funnels every status change of the engine through one goroutine that commits
// whatever has queued up in a single transaction (group commit): SQLite has one writer
// anyway, and a commit per message would cap the send rate.
type writer struct {
	db   *gorm.DB
	ops  chan op
	wg   sync.WaitGroup
	once sync.Once
}

// op is one change. apply runs inside the shared transaction; done (may be nil) runs
// after the commit with its outcome.
type op struct {
	apply func(tx *gorm.DB) error
	done  func(error)
}

const maxGroup = 128

func newWriter(db *gorm.DB) *writer {
	w := &writer{db: db, ops: make(chan op, maxGroup)}
	w.wg.Add(1)
	go w.loop()
	return w
}

// Do queues a change and waits for its commit.
func (w *writer) Do(apply func(tx *gorm.DB) error) error {
	ch := make(chan error, 1)
	w.ops <- op{apply: apply, done: func(err error) { ch <- err }}
	return <-ch
}

// Go queues a change without waiting; done runs after the commit.
func (w *writer) Go(apply func(tx *gorm.DB) error, done func(error)) {
	w.ops <- op{apply: apply, done: done}
}

// Close commits what is queued and stops.
func (w *writer) Close() {
	w.once.Do(func() { close(w.ops) })
	w.wg.Wait()
}

func (w *writer) loop() {
	defer w.wg.Done()
	group := make([]op, 0, maxGroup)
	for first := range w.ops {
		group = append(group[:0], first)
	drain:
		for len(group) < maxGroup {
			select {
			case o, ok := <-w.ops:
				if !ok {
					break drain
				}
				group = append(group, o)
			default:
				break drain
			}
		}
		w.commit(group)
	}
}

// commit applies a group in one transaction. When the group fails as a whole, each op
// is retried alone so that one bad change cannot sink the others.
func (w *writer) commit(group []op) {
	err := w.db.Transaction(func(tx *gorm.DB) error {
		for _, o := range group {
			if err := o.apply(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && len(group) > 1 {
		for _, o := range group {
			w.commit([]op{o})
		}
		return
	}
	for _, o := range group {
		if o.done != nil {
			o.done(err)
		}
	}
}

// execFast runs one statement inside the writer's transaction straight on the
// connection pool's prepared statements, skipping the ORM's callback chain: the two
// updates of every message are the engine's hottest path.
func execFast(tx *gorm.DB, query string, args ...any) (int64, error) {
	res, err := tx.Statement.ConnPool.ExecContext(context.Background(), query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
