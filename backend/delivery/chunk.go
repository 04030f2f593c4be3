package delivery

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"commhub/backend/mailer"
	"commhub/backend/model"
)

// The per-message writes (the `sent` mark after the SMTP transaction, and the `sending`
// mark before it when the run has no attempt journal) are made once per chunk of rows,
// not once per row: the SQLite driver parses every statement it runs, so the statement
// count, not the row count, is what the send path pays for. The statements carry no
// per-row values: each row's Message-ID is computed from the row itself (see
// messageIDs), and a chunk's rows share the time the last of them was accepted (a chunk
// leaves within about a tenth of a second, or a quarter of a second under a rate cap).

// messageIDs makes the Message-IDs of one runner's attempts: "<r{run}.d{row}.a{attempt}
// .{token}@{domain}>", where the token is random per runner, so that an ID is unique
// across runs, rows, attempts and installations, and the database can write a row's ID
// itself (sqlMessageID) instead of being given one per row.
type messageIDs struct {
	token, domain string
}

func newMessageIDs(fromEmail string) messageIDs {
	return messageIDs{token: mailer.NewToken(), domain: mailer.MessageIDDomain(fromEmail)}
}

// of is the Message-ID of row d's next attempt.
func (m messageIDs) of(d model.Delivery) string {
	b := make([]byte, 0, 48+len(m.domain))
	b = append(b, "<r"...)
	b = strconv.AppendInt(b, d.RunID, 10)
	b = append(b, ".d"...)
	b = strconv.AppendInt(b, d.ID, 10)
	b = append(b, ".a"...)
	b = strconv.AppendInt(b, int64(d.Attempts+1), 10)
	b = append(b, '.')
	b = append(b, m.token...)
	b = append(b, '@')
	b = append(b, m.domain...)
	return string(append(b, '>'))
}

// sqlMessageID is messageIDs.of written in SQL for the row being updated, before its
// attempts are counted; its two parameters are the token and the domain.
const sqlMessageID = "'<r' || run_id || '.d' || id || '.a' || (attempts + 1) || '.' || ? || '@' || ? || '>'"

// sentRow is a row the server accepted.
type sentRow struct {
	id int64
	at time.Time
}

// inList writes "(?, ?, ...)" for n values.
func inList(b *strings.Builder, n int) {
	b.WriteByte('(')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('?')
	}
	b.WriteByte(')')
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

// OR FAIL spares SQLite the statement journal of a multi-row UPDATE (a copy of every
// page it touches); a failure still rolls the whole transaction back (writer.commit).
var sqlMarkChunk = &chunkSQL{build: func(n int) string {
	var b strings.Builder
	b.WriteString("UPDATE OR FAIL deliveries SET status = 'sending', updated_at = ?, message_id_header = " + sqlMessageID + " WHERE id IN ")
	inList(&b, n)
	b.WriteString(" AND status = 'queued'")
	return b.String()
}}

var sqlSentChunk = &chunkSQL{build: func(n int) string {
	var b strings.Builder
	b.WriteString("UPDATE OR FAIL deliveries SET status = 'sent', reason = '', tries = 0, next_at = NULL, updated_at = ?, sent_at = ?, " +
		"message_id_header = " + sqlMessageID + ", attempts = attempts + 1 WHERE id IN ")
	inList(&b, n)
	return b.String()
}}

// markChunk marks the still-queued rows of a chunk `sending` with their Message-IDs
// and says which ones it took. Rows are claimed in memory before they are handed out,
// so a row of the chunk that is `sending` afterwards was marked here; only when a row
// left `queued` meanwhile (a cancel) is that looked up.
func markChunk(tx *gorm.DB, js []job, ids messageIDs, now time.Time) ([]bool, error) {
	args := make([]any, 0, 3+len(js))
	args = append(args, now, ids.token, ids.domain)
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
	rows := make([]int64, len(js))
	for i, j := range js {
		rows[i] = j.d.ID
	}
	var took []int64
	if err := tx.Model(&model.Delivery{}).Where("id IN ? AND status = ?", rows, model.DeliverySending).Pluck("id", &took).Error; err != nil {
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

// markSent marks rows `sent`, at the time the last of them was accepted, with the
// Message-ID of this attempt.
func markSent(tx *gorm.DB, rows []sentRow, ids messageIDs) error {
	at := rows[len(rows)-1].at
	args := make([]any, 0, 4+len(rows))
	args = append(args, at, at, ids.token, ids.domain)
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
	r.e.w.Go(func(tx *gorm.DB) error { return markSent(tx, rows, r.ids) }, func(err error) {
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
