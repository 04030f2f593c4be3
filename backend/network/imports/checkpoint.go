package imports

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"
)

// Checkpoint records how far an import of one file got; it lives in the import_checkpoints
// table and is written in the same transaction as each batch, so a run that is stopped
// resumes after the last stored batch.
type Checkpoint struct {
	Fingerprint string
	Kind        string
	Line        int
	Inserted    int
	Updated     int
	Unchanged   int
	UpdatedAt   time.Time
}

// fingerprint identifies a file and mapping: kind, mapping, size and every byte of the
// file. Hashing it all costs little next to parsing it, and an edit anywhere (even one that
// keeps the size) makes a new file that never resumes an older one's checkpoint.
func fingerprint(f File, k *Kind, m Mapping) (string, error) {
	rc, err := f.Open()
	if err != nil {
		return "", fmt.Errorf("cannot open %s: %w", f.Name, err)
	}
	defer rc.Close()
	h := sha256.New()
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	mj, _ := json.Marshal(keys)
	fmt.Fprintf(h, "%s\x00%s\x00", k.Name, mj)
	for _, key := range keys {
		fmt.Fprintf(h, "%s=%s\x00", key, m[key])
	}
	n, err := io.Copy(h, rc)
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", f.Name, err)
	}
	fmt.Fprintf(h, "\x00%d\x00%d", n, f.Size)
	return hex.EncodeToString(h.Sum(nil)), nil
}

func loadCheckpoint(ctx context.Context, db *sql.DB, fp string) (*Checkpoint, error) {
	cp := &Checkpoint{Fingerprint: fp}
	err := db.QueryRowContext(ctx, "SELECT kind, line, inserted, updated, unchanged FROM import_checkpoints WHERE fingerprint = ?", fp).
		Scan(&cp.Kind, &cp.Line, &cp.Inserted, &cp.Updated, &cp.Unchanged)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read import checkpoint: %w", err)
	}
	return cp, nil
}

func saveCheckpoint(ctx context.Context, tx *sql.Tx, fp, kind string, line int, r *Result) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO import_checkpoints (fingerprint, kind, line, inserted, updated, unchanged, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(fingerprint) DO UPDATE SET line=excluded.line, inserted=excluded.inserted,
		updated=excluded.updated, unchanged=excluded.unchanged, updated_at=excluded.updated_at`,
		fp, kind, line, r.Inserted, r.Updated, r.Unchanged, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("save import checkpoint: %w", err)
	}
	return nil
}

func clearCheckpoint(ctx context.Context, db *sql.DB, fp string) error {
	if _, err := db.ExecContext(ctx, "DELETE FROM import_checkpoints WHERE fingerprint = ?", fp); err != nil {
		return fmt.Errorf("clear import checkpoint: %w", err)
	}
	return nil
}
