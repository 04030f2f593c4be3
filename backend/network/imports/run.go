package imports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"commhub/backend/csvcell"
	"commhub/backend/events"
)

// RowError is one rejected cell or row.
type RowError struct {
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// Result reports what an import did (or, in a dry run, would do).
type Result struct {
	Kind      string     `json:"kind"`
	FileName  string     `json:"fileName"`
	DryRun    bool       `json:"dryRun"`
	Rows      int        `json:"rows"`
	Inserted  int        `json:"inserted"`
	Updated   int        `json:"updated"`
	Unchanged int        `json:"unchanged"`
	Errors    []RowError `json:"errors"`
	// ErrorCount counts every rejected cell; Errors keeps the first MaxErrors of them.
	ErrorCount int `json:"errorCount"`
	// CreatedEmployees are the account managers the file named whom no employee matched:
	// the import added them to the team (in a dry run: would add them).
	CreatedEmployees []CreatedEmployee `json:"createdEmployees"`
	// ResumedFromLine is the checkpoint an interrupted earlier run left; rows up to it
	// were already stored and are only checked again.
	ResumedFromLine int `json:"resumedFromLine,omitempty"`
}

// Options tune a run.
type Options struct {
	Mapping   Mapping
	DryRun    bool
	BatchSize int
	MaxErrors int
	Events    events.Sink
	Now       func() time.Time
	// BeforeWrite runs once the file and mapping are known to be importable and before
	// anything is written (never in a dry run); its error stops the import.
	BeforeWrite func() error
}

// ProgressEvent is emitted (as events.ImportsProgress) at most every 100 ms and once at the end.
type ProgressEvent struct {
	Kind       string `json:"kind"`
	FileName   string `json:"fileName"`
	DryRun     bool   `json:"dryRun"`
	Rows       int    `json:"rows"`
	Inserted   int    `json:"inserted"`
	Updated    int    `json:"updated"`
	Unchanged  int    `json:"unchanged"`
	Errors     int    `json:"errors"`
	BytesRead  int64  `json:"bytesRead"`
	TotalBytes int64  `json:"totalBytes"`
	Done       bool   `json:"done"`
}

// DefaultBatch is the number of records written per transaction.
const DefaultBatch = 2000

type job struct {
	ctx    context.Context
	db     *sql.DB
	k      *Kind
	r      resolved
	w      *writer
	lk     *lookups
	opt    Options
	res    *Result
	seen   keySet
	batch  [][]any
	lines  []int
	arena  []any
	base   []any
	skipTo int
	// fresh is set when the table held no rows at the start: every key of the file is then
	// new (duplicates inside the file are rejected before), so batches skip reading the
	// stored rows. Upserts keep a concurrent writer's rows correct either way.
	fresh    bool
	fp       string
	read     *atomic.Int64
	size     int64
	lastEmit time.Time
}

// Run imports f as kindName into db. It fails only when the file cannot be read at all
// (or the store fails); rejected rows are reported in the result.
func Run(ctx context.Context, db *sql.DB, f File, kindName string, opt Options) (*Result, error) {
	k, err := LookupKind(kindName)
	if err != nil {
		return nil, err
	}
	opt = withDefaults(opt)
	read := new(atomic.Int64)
	counted := f
	counted.Open = func() (io.ReadCloser, error) {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		return &countingReader{rc: rc, n: read}, nil
	}
	rows, err := OpenRows(counted)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := merge(DetectMapping(k, rows.Header()), opt.Mapping)
	r, err := resolve(k, rows.Header(), m)
	if err != nil {
		return nil, err
	}
	j := &job{ctx: ctx, db: db, k: k, r: r, w: newWriter(k, r), opt: opt, read: read, size: f.Size,
		lk:  &lookups{ctx: ctx, db: db},
		res: &Result{Kind: k.Name, FileName: f.Name, DryRun: opt.DryRun, Errors: []RowError{}, CreatedEmployees: []CreatedEmployee{}}}
	defer j.w.close()
	if opt.BeforeWrite != nil && !opt.DryRun {
		if err := opt.BeforeWrite(); err != nil {
			return nil, err
		}
	}
	if err := j.start(f, m); err != nil {
		return nil, err
	}
	if err := j.loop(rows); err != nil {
		return j.res, err
	}
	j.emit(true)
	return j.res, nil
}

func withDefaults(o Options) Options {
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatch
	}
	if o.MaxErrors <= 0 {
		o.MaxErrors = 10000
	}
	if o.Events == nil {
		o.Events = events.Discard{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// start prepares statements and picks up the checkpoint of an interrupted run of this file.
func (j *job) start(f File, m Mapping) error {
	var any int
	err := j.db.QueryRowContext(j.ctx, "SELECT EXISTS (SELECT 1 FROM "+j.k.table+")").Scan(&any)
	if err != nil {
		return fmt.Errorf("import %s: %w", j.k.Name, err)
	}
	j.fresh = any == 0
	if j.opt.DryRun {
		return j.w.prepare(j.ctx, j.db, j.opt.BatchSize, false)
	}
	fp, err := fingerprint(f, j.k, m)
	if err != nil {
		return err
	}
	j.fp = fp
	cp, err := loadCheckpoint(j.ctx, j.db, fp)
	if err != nil {
		return err
	}
	if cp != nil {
		j.skipTo = cp.Line
		j.res.ResumedFromLine = cp.Line
		j.res.Inserted, j.res.Updated, j.res.Unchanged = cp.Inserted, cp.Updated, cp.Unchanged
	}
	return j.w.prepare(j.ctx, j.db, j.opt.BatchSize, true)
}

func (j *job) loop(rows Rows) error {
	for {
		if err := j.ctx.Err(); err != nil {
			return err
		}
		line, cells, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var rowErr *recordError
		if errors.As(err, &rowErr) {
			j.res.Rows++
			j.reject(line, "", rowErr.Error())
			continue
		}
		if err != nil {
			// The file cannot be read further (e.g. a damaged workbook).
			j.reject(line, "", err.Error())
			break
		}
		j.res.Rows++
		j.row(line, cells)
		if len(j.batch) >= j.opt.BatchSize {
			if err := j.flush(); err != nil {
				return err
			}
		}
		if j.lk.err != nil {
			return fmt.Errorf("read references: %w", j.lk.err)
		}
	}
	if err := j.flush(); err != nil {
		return err
	}
	if j.res.Rows == 0 && j.res.ErrorCount == 0 {
		j.reject(1, "", "the file has a header row but no records: nothing to import")
	}
	if !j.opt.DryRun {
		return clearCheckpoint(j.ctx, j.db, j.fp)
	}
	return nil
}

// row parses one record; a good one joins the batch, a bad one is reported cell by cell.
func (j *job) row(line int, cells []string) {
	n := len(j.r.fields)
	if len(j.arena) < n {
		j.base = make([]any, n*(j.opt.BatchSize+1))
		j.arena = j.base
	}
	vals := j.arena[:n:n]
	ok := true
	j.lk.line = line
	for i, f := range j.r.fields {
		cell := ""
		if idx := j.r.index[i]; idx < len(cells) {
			cell = csvcell.Restore(trimCell(cells[idx]))
		}
		if cell == "" && f.Required {
			j.reject(line, j.r.headers[i], fmt.Sprintf("%s is empty: every row needs a %s", f.Label, f.Label))
			ok = false
			continue
		}
		v, err := f.parse(cell, j.lk)
		if err != nil {
			j.reject(line, j.r.headers[i], err.Error())
			ok = false
			continue
		}
		vals[i] = v
	}
	if !ok || !j.unique(line, vals) || line <= j.skipTo {
		return
	}
	j.arena = j.arena[n:]
	j.batch = append(j.batch, vals)
	j.lines = append(j.lines, line)
}

// unique rejects a second record with the same key; the first one wins.
func (j *job) unique(line int, vals []any) bool {
	if first, dup := j.seen.add(hashKey(vals, j.w.keyPos), line); dup {
		j.reject(line, j.r.headers[j.w.keyPos[0]], fmt.Sprintf("duplicate %s: already on line %d; this row is skipped", j.k.describe(j.keyOf(vals)), first))
		return false
	}
	return true
}

func (j *job) keyOf(vals []any) []any {
	out := make([]any, len(j.w.keyPos))
	for i, p := range j.w.keyPos {
		out[i] = vals[p]
	}
	return out
}

func (j *job) reject(line int, column, msg string) {
	j.res.ErrorCount++
	if len(j.res.Errors) < j.opt.MaxErrors {
		j.res.Errors = append(j.res.Errors, RowError{Line: line, Column: column, Message: msg})
	}
}

// flush classifies the batch against the store and, unless dry, writes it in one
// transaction together with the checkpoint.
func (j *job) flush() error {
	defer func() {
		j.batch, j.lines, j.arena = j.batch[:0], j.lines[:0], j.base
		j.emit(false)
	}()
	if len(j.batch) == 0 {
		return nil
	}
	if j.opt.DryRun {
		stored, err := j.stored(nil)
		if err != nil {
			return err
		}
		j.classify(stored)
		report(j.res, j.lk.pendingIn(j.batch))
		return nil
	}
	tx, err := j.db.BeginTx(j.ctx, nil)
	if err != nil {
		return fmt.Errorf("import %s: %w", j.k.Name, err)
	}
	defer tx.Rollback()
	stored, err := j.stored(tx)
	if err != nil {
		return err
	}
	created, err := j.lk.storeEmployees(j.ctx, tx, j.batch)
	if err != nil {
		return err
	}
	before := *j.res
	fail := func(err error) error {
		j.restore(before)
		forget(created)
		return err
	}
	changed := j.classify(stored)
	if err := j.w.write(j.ctx, tx, changed, j.opt.Now().UTC()); err != nil {
		return fail(err)
	}
	if err := saveCheckpoint(j.ctx, tx, j.fp, j.k.Name, j.lines[len(j.lines)-1], j.res); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(fmt.Errorf("import %s: %w", j.k.Name, err))
	}
	report(j.res, created)
	return nil
}

func (j *job) stored(tx *sql.Tx) (map[string][]string, error) {
	if j.fresh {
		return map[string][]string{}, nil
	}
	return j.w.load(j.ctx, tx, j.batch)
}

func (j *job) restore(before Result) {
	j.res.Inserted, j.res.Updated, j.res.Unchanged = before.Inserted, before.Updated, before.Unchanged
}

// classify counts each row as inserted, updated or unchanged and returns those to write.
func (j *job) classify(stored map[string][]string) [][]any {
	changed := j.batch[:0:0]
	for _, r := range j.batch {
		old, ok := stored[j.w.rowKey(r)]
		switch {
		case !ok:
			j.res.Inserted++
			changed = append(changed, r)
		case j.w.same(old, r):
			j.res.Unchanged++
		default:
			j.res.Updated++
			changed = append(changed, r)
		}
	}
	return changed
}

func (j *job) emit(done bool) {
	if !done && time.Since(j.lastEmit) < 100*time.Millisecond {
		return
	}
	j.lastEmit = time.Now()
	j.opt.Events.Emit(events.ImportsProgress, ProgressEvent{Kind: j.k.Name, FileName: j.res.FileName, DryRun: j.opt.DryRun,
		Rows: j.res.Rows, Inserted: j.res.Inserted, Updated: j.res.Updated, Unchanged: j.res.Unchanged,
		Errors: j.res.ErrorCount, BytesRead: j.read.Load(), TotalBytes: j.size, Done: done})
}

// trimCell drops surrounding blanks without allocating in the common case.
func trimCell(s string) string {
	if s == "" || (s[0] > ' ' && s[len(s)-1] > ' ') {
		return s
	}
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\r' || s[len(s)-1] == '\n') {
		s = s[:len(s)-1]
	}
	return s
}

type countingReader struct {
	rc io.ReadCloser
	n  *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingReader) Close() error { return c.rc.Close() }
