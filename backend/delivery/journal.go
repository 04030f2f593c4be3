package delivery

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// A run's attempt journal is what tells, after a crash, which rows in the workers'
// hands really reached the server. A worker takes rows in memory only (they stay
// `queued` in the database, so taking them costs nothing and undoing it is free); each
// attempt appends a line with the row and its Message-ID to the run's journal file
// before its SMTP transaction starts, and the attempt's end (accepted, or refused
// without doubt) follows it. The database learns the outcomes in batches, as before.
// The file is written with plain writes and never synced: a killed process loses
// nothing the kernel already has. A power cut can lose the file's tail; then those
// rows look never attempted, the one case this bookkeeping cannot cover.
//
// At the next start every row of a journal that is still `queued` or `sending` in the
// database is settled by its last line:
//
//	a (tried)   attempted, no answer recorded: `unknown`, with that attempt's
//	            Message-ID, for the user to settle
//	s (sent)    accepted by the server: `sent`, at the time recorded
//	r (refused) the server refused it, or the connection failed before it was handed
//	            over: stays (or goes back to) `queued`, it was not delivered
//
// Rows the journal does not name were never attempted and stay `queued`. A run that
// could not keep a journal marks its rows `sending` in the database before sending
// them instead, and a crash leaves every such row `unknown`.

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
		return errJournalLost
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

// line buffers "kind id value" (a refusal's value is a placeholder: every line has
// three fields).
func (w *journalWriter) line(kind byte, id int64, value int64) {
	w.buf = append(w.buf, kind, ' ')
	w.buf = strconv.AppendInt(w.buf, id, 10)
	w.buf = append(w.buf, ' ')
	w.buf = strconv.AppendInt(w.buf, value, 10)
	w.buf = append(w.buf, '\n')
}

// tried records that row id's SMTP transaction, with this Message-ID, is about to
// start; the line reaches the kernel before this returns, and if it cannot, the
// message must not go.
func (w *journalWriter) tried(id int64, messageID string) error {
	w.buf = append(w.buf, journalTried, ' ')
	w.buf = strconv.AppendInt(w.buf, id, 10)
	w.buf = append(w.buf, ' ')
	w.buf = append(w.buf, messageID...)
	w.buf = append(w.buf, '\n')
	w.flush()
	return w.err
}

func (w *journalWriter) sent(id int64, at time.Time) { w.line(journalSent, id, at.UnixNano()) }
func (w *journalWriter) refused(id int64)            { w.line(journalRefused, id, -1) }

func (w *journalWriter) flush() {
	if err := w.j.write(w.buf); err != nil && w.err == nil {
		w.err = err
	}
	w.buf = w.buf[:0]
}

// active says whether the journal is being written; without it rows must be marked
// `sending` in the database before they go.
func (j *journal) active() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.f != nil
}

// errJournalLost answers writes after the journal failed once.
var errJournalLost = errors.New("the attempt journal could not be written")

// journalEntry is the last thing a journal says about a row, with the Message-ID of
// its last attempt.
type journalEntry struct {
	kind      byte
	at        time.Time
	messageID string
}

// readJournal returns the last entry of every row in a run's journal; ok is false when
// the run has no journal.
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
	rd := bufio.NewReader(f)
	for {
		text, err := rd.ReadString('\n')
		if err == io.EOF {
			break // a last line without its end was torn by the kill: ignored
		}
		if err != nil {
			return nil, false, fmt.Errorf("read the journal of run %d: %w", runID, err)
		}
		fields := strings.Fields(text)
		if len(fields) != 3 || len(fields[0]) != 1 {
			continue
		}
		id, err := strconv.ParseInt(fields[1], 10, 64)
		if err != nil {
			continue
		}
		e := out[id]
		switch e.kind = fields[0][0]; e.kind {
		case journalTried:
			e.messageID = fields[2]
		case journalRefused:
		case journalSent:
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
	return out, true, nil
}

// journalRuns lists the runs that have a journal in dir.
func journalRuns(dir string) []int64 {
	if dir == "" {
		return nil
	}
	names, _ := filepath.Glob(filepath.Join(dir, "run-*.journal"))
	var out []int64
	for _, n := range names {
		id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(n), "run-"), ".journal"), 10, 64)
		if err == nil {
			out = append(out, id)
		}
	}
	return out
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
