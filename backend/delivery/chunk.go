package delivery

import (
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"commhub/backend/model"
)

// The per-message writes (the `sent` mark after the SMTP transaction, and the `sending`
// mark before it when the run has no attempt journal) are made once per chunk of rows,
// not once per row: the SQLite driver parses every statement it runs, so the statement
// count, not the row count, is what the send path pays for. Each row keeps its own
// Message-ID and send time through a CASE on the row id.

// sentRow is a row the server accepted, when, and the Message-ID it went with.
type sentRow struct {
	id        int64
	at        time.Time
	messageID string
}

// chunkSQL caches the statement text per chunk size.
type chunkSQL struct {
	mu    sync.Mutex
	texts map[int]string
	build func(n int) string
}

func (c *chunkSQL) get(n int) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.texts[n]; ok {
		return s
	}
	if c.texts == nil {
		c.texts = map[int]string{}
	}
	s := c.build(n)
	c.texts[n] = s
	return s
}

// caseOnly writes "CASE id WHEN ? THEN ? ... END" for n rows.
func caseOnly(b *strings.Builder, n int) {
	b.WriteString("CASE id")
	for range n {
		b.WriteString(" WHEN ? THEN ?")
	}
	b.WriteString(" END")
}

// caseOnID writes "CASE id WHEN ? THEN ? ... END WHERE id IN (?, ...)" for n rows.
func caseOnID(b *strings.Builder, n int) {
	caseOnly(b, n)
	b.WriteString(" WHERE id IN (")
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('?')
	}
	b.WriteByte(')')
}

// OR FAIL spares SQLite the statement journal of a multi-row UPDATE (a copy of every
// page it touches); a failure still rolls the whole transaction back (writer.commit).
var sqlMarkChunk = &chunkSQL{build: func(n int) string {
	var b strings.Builder
	b.WriteString("UPDATE OR FAIL deliveries SET status = 'sending', updated_at = ?, message_id_header = ")
	caseOnID(&b, n)
	b.WriteString(" AND status = 'queued'")
	return b.String()
}}

var sqlSentChunk = &chunkSQL{build: func(n int) string {
	var b strings.Builder
	b.WriteString("UPDATE OR FAIL deliveries SET status = 'sent', reason = '', tries = 0, next_at = NULL, attempts = attempts + 1, updated_at = ?, sent_at = ")
	caseOnly(&b, n)
	b.WriteString(", message_id_header = ")
	caseOnID(&b, n)
	return b.String()
}}

// markChunk marks the still-queued rows of a chunk `sending` with their Message-IDs
// and says which ones it took. Rows are claimed in memory before they are handed out,
// so a row of the chunk that is `sending` afterwards was marked here; only when a row
// left `queued` meanwhile (a cancel) is that looked up.
func markChunk(tx *gorm.DB, js []job, now time.Time) ([]bool, error) {
	args := make([]any, 0, 1+3*len(js))
	args = append(args, now)
	for _, j := range js {
		args = append(args, j.d.ID, j.msg.MessageID)
	}
	for _, j := range js {
		args = append(args, j.d.ID)
	}
	n, err := execFast(tx, sqlMarkChunk.get(len(js)), args...)
	if err != nil {
		return nil, err
	}
	marked := make([]bool, len(js))
	if int(n) == len(js) {
		for i := range marked {
			marked[i] = true
		}
		return marked, nil
	}
	ids := make([]int64, len(js))
	for i, j := range js {
		ids[i] = j.d.ID
	}
	var took []int64
	if err := tx.Model(&model.Delivery{}).Where("id IN ? AND status = ?", ids, model.DeliverySending).Pluck("id", &took).Error; err != nil {
		return nil, err
	}
	set := make(map[int64]bool, len(took))
	for _, id := range took {
		set[id] = true
	}
	for i, j := range js {
		marked[i] = set[j.d.ID]
	}
	return marked, nil
}

// markSent marks rows `sent`, each with its own send time.
func markSent(tx *gorm.DB, rows []sentRow) error {
	args := make([]any, 0, 1+5*len(rows))
	args = append(args, rows[len(rows)-1].at)
	for _, s := range rows {
		args = append(args, s.id, s.at)
	}
	for _, s := range rows {
		args = append(args, s.id, s.messageID)
	}
	for _, s := range rows {
		args = append(args, s.id)
	}
	_, err := execFast(tx, sqlSentChunk.get(len(rows)), args...)
	return err
}

// recordSent commits rows the server accepted as `sent`, each with its own send time,
// in one statement; the tally and the in-flight set follow once it is committed.
func (r *runner) recordSent(rows []sentRow) {
	if len(rows) == 0 {
		return
	}
	r.e.w.Go(func(tx *gorm.DB) error { return markSent(tx, rows) }, func(err error) {
		for _, s := range rows {
			if err != nil {
				r.e.cfg.Log.Printf("delivery: run %d row %d: record sent: %v", r.run.ID, s.id, err)
			} else {
				r.t.move(model.DeliverySending, model.DeliverySent, r.e.cfg.Now())
			}
			r.release(s.id)
		}
	})
}
