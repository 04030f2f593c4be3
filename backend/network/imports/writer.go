package imports

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxParams bounds the parameters of one statement. The driver binds parameters in time
// quadratic in their number, so a few hundred per statement is much faster than thousands.
var maxParams = 512

// writer holds the SQL for one kind and mapping: read the stored versions of a batch's rows,
// then upsert the new and changed ones in multi-row statements.
type writer struct {
	k       *Kind
	keys    []*Field // key fields, in mapped order
	keyPos  []int    // their positions in a row's values
	vals    []*Field // mapped non-key fields
	valPos  []int
	defs    []*Field // unmapped fields with an insert default
	cols    []string // insert column list
	upsert  string   // "ON CONFLICT ..." tail
	perStmt int      // rows per insert statement
	stmt    *sql.Stmt
	prepN   int
	db      *sql.DB
	// load statements, prepared once for a full chunk of keys.
	loadStmt *sql.Stmt
	loadN    int
	loadFor  map[int]string
	sqlFor   map[int]string
	args     []any
}

func newWriter(k *Kind, r resolved) *writer {
	w := &writer{k: k, sqlFor: map[int]string{}, loadFor: map[int]string{}}
	mapped := map[string]bool{}
	for i, f := range r.fields {
		mapped[f.Key] = true
		if f.IsKey {
			w.keys, w.keyPos = append(w.keys, f), append(w.keyPos, i)
		} else {
			w.vals, w.valPos = append(w.vals, f), append(w.valPos, i)
		}
	}
	for i := range k.Fields {
		f := &k.Fields[i]
		if !mapped[f.Key] && f.insertDefault != nil {
			w.defs = append(w.defs, f)
		}
	}
	var keyCols, set []string
	for _, f := range w.keys {
		keyCols = append(keyCols, f.column)
		w.cols = append(w.cols, f.column)
	}
	for _, f := range w.vals {
		w.cols = append(w.cols, f.column)
		set = append(set, f.column+"=excluded."+f.column)
	}
	for _, f := range w.defs {
		w.cols = append(w.cols, f.column)
	}
	if k.stamped {
		w.cols = append(w.cols, "updated_at")
		set = append(set, "updated_at=excluded.updated_at")
	}
	// A demo row the file writes over becomes the user's own, so clearing the demo spares it.
	set = append(set, "demo=0")
	w.upsert = " ON CONFLICT(" + strings.Join(keyCols, ",") + ") DO UPDATE SET " + strings.Join(set, ",")
	w.perStmt = maxParams / len(w.cols)
	return w
}

// insertSQL is the statement for n rows.
func (w *writer) insertSQL(n int) string {
	if s, ok := w.sqlFor[n]; ok {
		return s
	}
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?,", len(w.cols)), ",") + ")"
	s := "INSERT INTO " + w.k.table + " (" + strings.Join(w.cols, ",") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(tuple+",", n), ",") + w.upsert
	w.sqlFor[n] = s
	return s
}

// prepare compiles the full-size statements once, so batches do not re-parse them.
func (w *writer) prepare(ctx context.Context, db *sql.DB, batch int, write bool) error {
	w.db = db
	w.loadN = min(batch, maxParams/len(w.keys))
	st, err := db.PrepareContext(ctx, w.loadSQL(w.loadN))
	if err != nil {
		return fmt.Errorf("prepare %s import: %w", w.k.Name, err)
	}
	w.loadStmt = st
	if !write {
		return nil
	}
	n := min(batch, w.perStmt)
	if st, err = db.PrepareContext(ctx, w.insertSQL(n)); err != nil {
		return fmt.Errorf("prepare %s import: %w", w.k.Name, err)
	}
	w.stmt, w.prepN = st, n
	return nil
}

func (w *writer) close() {
	for _, st := range []*sql.Stmt{w.stmt, w.loadStmt} {
		if st != nil {
			st.Close()
		}
	}
}

// write upserts rows (each the values of one record in mapped order).
func (w *writer) write(ctx context.Context, tx *sql.Tx, rows [][]any, now time.Time) error {
	for len(rows) > 0 {
		n := min(len(rows), w.perStmt)
		w.args = w.args[:0]
		for _, r := range rows[:n] {
			w.args = w.appendArgs(w.args, r, now)
		}
		var err error
		if w.stmt != nil && n == w.prepN {
			_, err = tx.StmtContext(ctx, w.stmt).ExecContext(ctx, w.args...)
		} else {
			_, err = tx.ExecContext(ctx, w.insertSQL(n), w.args...)
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", w.k.Name, err)
		}
		rows = rows[n:]
	}
	return nil
}

func (w *writer) appendArgs(args []any, r []any, now time.Time) []any {
	for _, p := range w.keyPos {
		args = append(args, r[p])
	}
	for _, p := range w.valPos {
		args = append(args, r[p])
	}
	for _, f := range w.defs {
		args = append(args, f.insertDefault(now))
	}
	if w.k.stamped {
		args = append(args, now)
	}
	return args
}

// load reads the stored values of the mapped columns for the rows' keys, as normalised
// strings keyed by the key's string form.
func (w *writer) load(ctx context.Context, tx *sql.Tx, rows [][]any) (map[string][]string, error) {
	out := make(map[string][]string, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	for start := 0; start < len(rows); start += w.loadN {
		part := rows[start:min(len(rows), start+w.loadN)]
		if err := w.loadPart(ctx, tx, part, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// loadSQL is the query reading the stored values of n rows' keys.
func (w *writer) loadSQL(n int) string {
	if s, ok := w.loadFor[n]; ok {
		return s
	}
	sel := make([]string, 0, len(w.keys)+len(w.vals))
	on := make([]string, len(w.keys))
	names := make([]string, len(w.keys))
	for i, f := range w.keys {
		sel = append(sel, "t."+f.column)
		names[i] = "k" + strconv.Itoa(i)
		on[i] = "t." + f.column + "=k." + names[i]
	}
	for _, f := range w.vals {
		sel = append(sel, "t."+f.column)
	}
	sel = append(sel, "t.demo")
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?,", len(w.keys)), ",") + ")"
	// A VALUES list joined on the key lets SQLite seek the primary key once per row.
	query := "WITH k(" + strings.Join(names, ",") + ") AS (VALUES " +
		strings.TrimSuffix(strings.Repeat(tuple+",", n), ",") + ") SELECT " +
		strings.Join(sel, ",") + " FROM k JOIN " + w.k.table + " t ON " + strings.Join(on, " AND ")
	w.loadFor[n] = query
	return query
}

func (w *writer) loadPart(ctx context.Context, tx *sql.Tx, rows [][]any, out map[string][]string) error {
	args := make([]any, 0, len(rows)*len(w.keys))
	for _, r := range rows {
		for _, p := range w.keyPos {
			args = append(args, r[p])
		}
	}
	var res *sql.Rows
	var err error
	switch {
	case len(rows) == w.loadN && tx != nil:
		res, err = tx.StmtContext(ctx, w.loadStmt).QueryContext(ctx, args...)
	case len(rows) == w.loadN:
		res, err = w.loadStmt.QueryContext(ctx, args...)
	case tx != nil:
		res, err = tx.QueryContext(ctx, w.loadSQL(len(rows)), args...)
	default:
		res, err = w.db.QueryContext(ctx, w.loadSQL(len(rows)), args...)
	}
	if err != nil {
		return fmt.Errorf("read stored %s: %w", w.k.Name, err)
	}
	defer res.Close()
	n := len(w.keys) + len(w.vals) + 1
	dest := make([]any, n)
	ptrs := make([]any, n)
	for i := range dest {
		ptrs[i] = &dest[i]
	}
	for res.Next() {
		if err := res.Scan(ptrs...); err != nil {
			return err
		}
		// The stored values in mapped order, then the demo flag.
		vals := make([]string, len(w.vals)+1)
		for i := range vals {
			vals[i] = norm(dest[len(w.keys)+i])
		}
		out[keyString(dest[:len(w.keys)])] = vals
	}
	return res.Err()
}

// rowKey is the string form of a row's key values.
func (w *writer) rowKey(r []any) string {
	parts := make([]any, len(w.keyPos))
	for i, p := range w.keyPos {
		parts[i] = r[p]
	}
	return keyString(parts)
}

func keyString(vals []any) string {
	var b strings.Builder
	for i, v := range vals {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(norm(v))
	}
	return b.String()
}

// same reports whether the stored values equal the row's mapped values. A stored demo row
// is never the same: writing it makes it the user's.
func (w *writer) same(stored []string, r []any) bool {
	if stored[len(w.vals)] == "1" {
		return false
	}
	for i, p := range w.valPos {
		if stored[i] != norm(r[p]) {
			return false
		}
	}
	return true
}

// norm gives stored and parsed values one comparable form.
func norm(v any) string {
	switch x := v.(type) {
	case nil:
		return "\x00"
	case *newEmployee:
		if x.id == 0 {
			return "\x00new employee " + x.name // differs from every stored ID
		}
		return strconv.FormatInt(x.id, 10)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
