package delivery

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// A run's attempt journal says, after a crash, which of the rows left `sending` really
// reached the server. Rows are marked `sending` in the database (in chunks, committed)
// before they are handed to a connection; that mark alone cannot tell a row on the
// wire from one still waiting its turn. So each attempt appends a line to the run's
// journal file before its SMTP transaction starts, and the attempt's end (accepted, or
// refused without doubt) follows it. The file is written with plain writes and never
// synced: a killed process loses nothing the kernel already has, and the database
// folds in the same outcomes in batches anyway. A power cut can lose the file's tail;
// then those rows look never attempted, the one case this bookkeeping cannot cover.
//
// At the next start a row still `sending` is settled by its last journal line:
//
//	none       claimed, never attempted: back to `queued`
//	a (tried)  attempted, no answer recorded: `unknown`, for the user to settle
//	s (sent)   accepted by the server: `sent`, at the time recorded
//	r (refused) the server refused it (or the connection failed before it was handed
//	           over): back to `queued`, it was not delivered
//
// A run without a journal file (none was written, or it was lost) falls back to
// `unknown` for every row left `sending`.

const (
	journalTried   = 'a'
	journalSent    = 's'
	journalRefused = 'r'
)

// journalDir is the folder of the run journals next to the database file, or "" for a
// database that has no file.
func journalDir(db *gorm.DB) string {
	var rows []struct {
		Name string
		File string
	}
	if err := db.Raw("SELECT name, file FROM pragma_database_list").Scan(&rows).Error; err != nil {
		return ""
	}
	for _, r := range rows {
		if r.Name == "main" && r.File != "" {
			return filepath.Join(filepath.Dir(r.File), "journal")
		}
	}
	return ""
}

func journalPath(dir string, runID int64) string {
	return filepath.Join(dir, "run-"+strconv.FormatInt(runID, 10)+".journal")
}

// journal is one run's open journal file, shared by its workers.
type journal struct {
	f    *os.File // nil when there is no journal (no folder, or it cannot be written)
	path string
	mu   sync.Mutex
}

// openJournal opens (or continues) the journal of a run. Without one the run still
// sends; a crash then leaves every row in flight `unknown`, as without this journal.
func openJournal(dir string, runID int64) (*journal, error) {
	if dir == "" {
		return &journal{}, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return &journal{}, err
	}
	path := journalPath(dir, runID)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return &journal{}, err
	}
	return &journal{f: f, path: path}, nil
}

// write appends whole lines; a failed write is reported once and stops the journal,
// whose rows then fall back to `unknown` after a crash.
func (j *journal) write(b []byte) error {
	if j.f == nil || len(b) == 0 {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	if _, err := j.f.Write(b); err != nil {
		j.f.Close()
		os.Remove(j.path) // a journal with gaps would misreport rows: better none
		j.f = nil
		return err
	}
	return nil
}

// close ends the journal once every outcome of the run is committed: the file is no
// longer needed.
func (j *journal) close() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f != nil {
		j.f.Close()
		os.Remove(j.path)
		j.f = nil
	}
}

// journalWriter is one worker's buffer: endings wait in it and leave with the next
// attempt's line, so an attempt costs one write whatever happened before it.
type journalWriter struct {
	j   *journal
	buf []byte
	err error
}

func (w *journalWriter) line(kind byte, id int64, at int64) {
	w.buf = append(w.buf, kind, ' ')
	w.buf = strconv.AppendInt(w.buf, id, 10)
	if at != 0 {
		w.buf = append(w.buf, ' ')
		w.buf = strconv.AppendInt(w.buf, at, 10)
	}
	w.buf = append(w.buf, '\n')
}

// tried records that row id's SMTP transaction is about to start; the line reaches
// the kernel before this returns.
func (w *journalWriter) tried(id int64) {
	w.line(journalTried, id, 0)
	w.flush()
}

func (w *journalWriter) sent(id int64, at time.Time) { w.line(journalSent, id, at.UnixNano()) }
func (w *journalWriter) refused(id int64)             { w.line(journalRefused, id, 0) }

func (w *journalWriter) flush() {
	if err := w.j.write(w.buf); err != nil && w.err == nil {
		w.err = err
	}
	w.buf = w.buf[:0]
}

// journalEntry is the last thing a journal says about a row.
type journalEntry struct {
	kind byte
	at   time.Time
}

// readJournal returns the last entry of every row in a run's journal; ok is false when
// the run has no journal. A torn last line (the process died inside a write) is ignored.
func readJournal(dir string, runID int64) (map[int64]journalEntry, bool, error) {
	if dir == "" {
		return nil, false, nil
	}
	f, err := os.Open(journalPath(dir, runID))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	out := map[int64]journalEntry{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || len(fields[0]) != 1 {
			continue
		}
		id, err := strconv.ParseInt(fields[1], 10, 64)
		if err != nil {
			continue
		}
		e := journalEntry{kind: fields[0][0]}
		switch e.kind {
		case journalTried, journalRefused:
		case journalSent:
			if len(fields) < 3 {
				continue
			}
			ns, err := strconv.ParseInt(fields[2], 10, 64)
			if err != nil {
				continue
			}
			e.at = time.Unix(0, ns).UTC()
		default:
			continue
		}
		out[id] = e
	}
	if err := sc.Err(); err != nil {
		return nil, false, fmt.Errorf("read the journal of run %d: %w", runID, err)
	}
	return out, true, nil
}

// removeJournals deletes the journals left in dir once their rows are settled.
func removeJournals(dir string) {
	if dir == "" {
		return
	}
	names, _ := filepath.Glob(filepath.Join(dir, "run-*.journal"))
	for _, n := range names {
		os.Remove(n)
	}
}
