// Package imports reads partner, advertiser, offer, approval and daily-stat files (CSV in any
// delimiter and common encodings, or XLSX), maps their columns onto CommHub fields and upserts
// them by the network's own IDs in batched transactions. It also exports the Network tables.
package imports

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"commhub/backend/fault"
)

// Rows is a stream of records from a file. The first record (the header) is returned by
// Header; Next returns the following ones with the line they start on, and io.EOF at the end.
// The slice Next returns is only valid until the next call.
type Rows interface {
	Header() []string
	Next() (line int, cells []string, err error)
	Close() error
}

// sniffSize is how much of a file is inspected to guess its encoding and delimiter.
const sniffSize = 64 << 10

// File is a readable input: a name (for the format and messages) and its bytes.
type File struct {
	Name string
	Open func() (io.ReadCloser, error)
	// Size is the total size in bytes when known, for progress; 0 when unknown.
	Size int64
}

// BytesFile wraps content held in memory (an upload).
func BytesFile(name string, content []byte) File {
	return File{Name: name, Size: int64(len(content)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(content)), nil
	}}
}

// OpenRows opens f as CSV or XLSX (by content, then by name) and reads its header.
func OpenRows(f File) (Rows, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fault.Invalidf("cannot open %s: %v", f.Name, err)
	}
	head := make([]byte, sniffSize)
	n, err := io.ReadFull(rc, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		rc.Close()
		return nil, fault.Invalidf("cannot read %s: %v", f.Name, err)
	}
	head = head[:n]
	body := io.MultiReader(bytes.NewReader(head), rc)
	switch {
	case n == 0:
		rc.Close()
		return nil, fault.Invalidf("%s is empty: export the data again with a header row and at least one record", f.Name)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		rc.Close()
		return openXLSX(f)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		rc.Close()
		return nil, fault.Invalidf("%s is UTF-16 encoded: save it as CSV UTF-8 (or XLSX) and try again", f.Name)
	case isBinary(head):
		rc.Close()
		ext := strings.ToLower(filepath.Ext(f.Name))
		return nil, fault.Invalidf("%s is not a text file (it looks binary%s): save it as CSV (UTF-8) or XLSX and try again", f.Name, renamedHint(ext))
	}
	return newCSVRows(f.Name, head, body, rc)
}

func renamedHint(ext string) string {
	if ext == ".csv" || ext == ".txt" {
		return ", perhaps another format renamed " + ext
	}
	return ""
}

// isBinary reports whether head looks like anything but text: NUL bytes, or many control
// characters that no text export contains.
func isBinary(head []byte) bool {
	if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		head = head[3:]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, b := range head {
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			ctrl++
		}
	}
	return len(head) > 0 && ctrl*100 > len(head)
}

// csvRows adapts encoding/csv, which handles quoted delimiters and newlines, and keeps the
// physical line each record starts on.
type csvRows struct {
	r      *csv.Reader
	c      io.Closer
	header []string
}

func newCSVRows(name string, head []byte, body io.Reader, c io.Closer) (Rows, error) {
	var text io.Reader
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		text = skipN(body, 3)
		head = head[3:]
	case validUTF8Prefix(head):
		text = body
	default:
		// Not UTF-8: spreadsheet programs on Windows write Windows-1252.
		text = transform.NewReader(body, charmap.Windows1252.NewDecoder())
		head, _ = charmap.Windows1252.NewDecoder().Bytes(head)
	}
	r := csv.NewReader(text)
	r.Comma = sniffDelimiter(head)
	r.FieldsPerRecord = -1
	// Strict quoting: a lenient reader would swallow the rest of the file into one cell
	// after an unclosed quote, silently. Bad records are reported and skipped instead.
	r.LazyQuotes = false
	r.ReuseRecord = true
	rows := &csvRows{r: r, c: c}
	header, err := r.Read()
	if err != nil {
		c.Close()
		if errors.Is(err, io.EOF) {
			return nil, fault.Invalidf("%s has no rows: export the data again with a header row", name)
		}
		return nil, fault.Invalidf("%s: cannot read the header row: %v", name, err)
	}
	rows.header = trimAll(append([]string(nil), header...))
	if allBlank(rows.header) {
		c.Close()
		return nil, fault.Invalidf("%s: the first row is blank; it must name the columns", name)
	}
	return rows, nil
}

func (c *csvRows) Header() []string { return c.header }
func (c *csvRows) Close() error     { return c.c.Close() }

func (c *csvRows) Next() (int, []string, error) {
	for {
		rec, err := c.r.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return pe.StartLine, nil, quoteError(pe)
			}
			return 0, nil, err
		}
		line, _ := c.r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		for i, cell := range rec {
			if !utf8.ValidString(cell) {
				return line, nil, &recordError{fmt.Sprintf("cell %d is not UTF-8 although the start of the file is (mixed encodings): save the whole file as CSV UTF-8", i+1)}
			}
		}
		return line, rec, nil
	}
}

// validUTF8Prefix accepts head when it is UTF-8, allowing a rune cut off at the end.
func validUTF8Prefix(head []byte) bool {
	for i := 0; i < 4 && len(head) > 0; i++ {
		if utf8.Valid(head) {
			return true
		}
		head = head[:len(head)-1]
	}
	return utf8.Valid(head)
}

// sniffDelimiter picks the candidate that splits the first lines into the same, largest
// number of fields, counting only delimiters outside quotes.
func sniffDelimiter(head []byte) rune {
	lines := firstLines(head, 10)
	best, bestScore := ',', -1
	for _, d := range []rune{',', ';', '\t', '|'} {
		counts := make([]int, len(lines))
		for i, l := range lines {
			counts[i] = countOutsideQuotes(l, byte(d))
		}
		if len(counts) == 0 || counts[0] == 0 {
			continue
		}
		consistent := 0
		for _, n := range counts {
			if n == counts[0] {
				consistent++
			}
		}
		score := consistent*1000 + counts[0]
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

// firstLines splits head into up to n logical lines, keeping quoted newlines inside a line.
func firstLines(head []byte, n int) [][]byte {
	var out [][]byte
	inQuote, start := false, 0
	for i, b := range head {
		switch {
		case b == '"':
			inQuote = !inQuote
		case b == '\n' && !inQuote:
			out = append(out, head[start:i])
			start = i + 1
			if len(out) == n {
				return out
			}
		}
	}
	if start < len(head) && len(out) == 0 {
		out = append(out, head[start:])
	}
	return out
}

func countOutsideQuotes(line []byte, d byte) int {
	n, inQuote := 0, false
	for _, b := range line {
		if b == '"' {
			inQuote = !inQuote
		} else if b == d && !inQuote {
			n++
		}
	}
	return n
}

func skipN(r io.Reader, n int64) io.Reader {
	io.CopyN(io.Discard, r, n)
	return r
}

func trimAll(s []string) []string {
	for i := range s {
		s[i] = strings.TrimSpace(s[i])
	}
	return s
}

func allBlank(s []string) bool {
	for _, v := range s {
		if v != "" {
			return false
		}
	}
	return true
}

// recordError is a record that cannot be read; the records after it still can.
type recordError struct{ msg string }

func (e *recordError) Error() string { return e.msg }

func quoteError(pe *csv.ParseError) error {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return &recordError{fmt.Sprintf(`a quote (") inside an unquoted cell (character %d): put the whole cell in quotes and double the quote, e.g. "5"" screen"`, pe.Column)}
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine:
		return &recordError{fmt.Sprintf("a quoted cell that starts on this line is not closed properly (the reader got to line %d): check its quotes; the lines in between were skipped", pe.Line)}
	case errors.Is(pe.Err, csv.ErrQuote):
		return &recordError{fmt.Sprintf(`a quote inside a quoted cell is not doubled (character %d): write "" for a quote inside quotes`, pe.Column)}
	}
	return &recordError{pe.Err.Error()}
}
