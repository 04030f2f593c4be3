package imports

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"commhub/backend/events"
)

func TestXLSXImportStreamsTheFirstSheet(t *testing.T) {
	_, db := openStore(t)
	book := excelize.NewFile()
	rows := [][]any{{"Offer ID", "Offer", "Visibility", "Payout", "Revenue"}, {1, "Alpha", "Public", 1.5, 3}, {}, {2, "Beta", "secret", 1, 2}, {3, "Gamma", "private", "2,50", 4}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := book.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := book.Write(&buf); err != nil {
		t.Fatal(err)
	}
	res := run(t, db, "offers", "offers.xlsx", buf.String(), Options{})
	if res.Inserted != 2 {
		t.Fatalf("%+v", res)
	}
	findError(t, res, 4, "Visibility", `"secret" is not an offer visibility (public, require_approval, private)`)
	if got := scalar[int64](t, db, "SELECT payout_cents FROM offers WHERE id = 3"); got != 250 {
		t.Errorf("payout %d", got)
	}
	again := run(t, db, "offers", "offers.xlsx", buf.String(), Options{})
	if counts(again) != [3]int{0, 0, 2} {
		t.Fatalf("%+v", again)
	}
}

// statsFile generates n daily-stat rows on the fly, so a large file never sits in memory.
type statsFile struct {
	n, row int
	buf    []byte
}

func (s *statsFile) Read(p []byte) (int, error) {
	for len(s.buf) < len(p) && s.row <= s.n {
		if s.row == 0 {
			s.buf = append(s.buf, "Date,Partner ID,Offer ID,Clicks,Conversions,Revenue,Payout\n"...)
		} else {
			r := s.row - 1
			s.buf = fmt.Appendf(s.buf, "2025-%02d-%02d,%d,%d,%d,%d,%d.%02d,%d.50\n", 1+r/28%12, 1+r%28, 1+r/336%50, 1+r/16800, r%1000, r%7, r%500, r%100, r%50)
		}
		s.row++
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

func (s *statsFile) Close() error { return nil }

func TestLargeStatsFileIsStreamedInBatches(t *testing.T) {
	_, db := openStore(t)
	const n = 30000
	if _, err := db.Exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < 50)
		INSERT INTO partners (id, name, email, status, tags, created_at, notification_pref, unsubscribed) SELECT i, 'P'||i, '', 'active', '', '2025-01-01', 'all', 0 FROM s`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < 2)
		INSERT INTO offers (id, name, status, visibility, currency) SELECT i, 'O'||i, 'active', 'public', 'USD' FROM s`); err != nil {
		t.Fatal(err)
	}
	var reports int
	sink := sinkFunc(func(name events.Name, data any) {
		if p, ok := data.(ProgressEvent); ok && name == events.ImportsProgress {
			reports++
			if p.Done && p.Rows != n {
				t.Errorf("final progress rows %d", p.Rows)
			}
		}
	})
	f := File{Name: "stats.csv", Open: func() (io.ReadCloser, error) { return &statsFile{n: n}, nil }}
	res, err := Run(context.Background(), db, f, "daily_stats", Options{Events: sink})
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != n || res.ErrorCount != 0 {
		t.Fatalf("%+v", res.Errors[:min(3, len(res.Errors))])
	}
	if got := scalar[int](t, db, "SELECT count(*) FROM daily_stats"); got != n {
		t.Fatalf("stored %d", got)
	}
	if reports < 2 {
		t.Errorf("progress events: %d", reports)
	}
}

type sinkFunc func(events.Name, any)

func (f sinkFunc) Emit(name events.Name, data any) { f(name, data) }

func TestExportNeutralisesFormulasAndImportsBackUnchanged(t *testing.T) {
	_, db := openStore(t)
	src := "Partner ID,Partner,Email,Company,Labels,Account Status\n" +
		"1,=cmd|' /C calc'!A0,a@a.example,+SUM(A1),\"@evil, ok\",active\n" +
		"2,Plain,b@b.example,-minus,,pending\n" +
		"3,\"\tTabbed\",c@c.example,\"\rCR\",,active\n"
	run(t, db, "partners", "p.csv", src, Options{})
	var out bytes.Buffer
	n, err := Export(context.Background(), db, "partners", Filters{}, &out)
	if err != nil || n != 3 {
		t.Fatalf("export: %d %v", n, err)
	}
	recs, err := csv.NewReader(bytes.NewReader(out.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
	}
	if recs[1][1] != "'=cmd|' /C calc'!A0" || recs[1][5] != "'+SUM(A1)" {
		t.Errorf("row 1 exported as %q", recs[1])
	}
	back := run(t, db, "partners", "export.csv", out.String(), Options{})
	if counts(back) != [3]int{0, 0, 3} || back.ErrorCount != 0 {
		t.Fatalf("re-importing an export must change nothing: %+v", back)
	}
	if got := scalar[string](t, db, "SELECT name FROM partners WHERE id = 1"); got != "=cmd|' /C calc'!A0" {
		t.Errorf("stored text is kept as it was: %q", got)
	}
}

func TestExportFilters(t *testing.T) {
	_, db := openStore(t)
	run(t, db, "partners", "p.csv", everflowPartners, Options{})
	var out bytes.Buffer
	n, err := Export(context.Background(), db, "partners", Filters{Status: "pending"}, &out)
	if err != nil || n != 1 || !strings.Contains(out.String(), "Blue Media") {
		t.Fatalf("status filter: %d %v\n%s", n, err, out.String())
	}
	out.Reset()
	if n, err = Export(context.Background(), db, "partners", Filters{Tag: "email"}, &out); err != nil || n != 2 {
		t.Fatalf("tag filter: %d %v", n, err)
	}
	if _, err = Export(context.Background(), db, "partners", Filters{Status: "sleeping"}, &out); err == nil {
		t.Fatal("an invalid filter must fail")
	}
	if _, err = Export(context.Background(), db, "daily_stats", Filters{From: "soon"}, &out); err == nil {
		t.Fatal("an invalid date must fail")
	}
}

func FuzzCSVReader(f *testing.F) {
	f.Add([]byte(everflowPartners))
	f.Add([]byte("a;b\n\"x;\"\"y\";2\n"))
	f.Add([]byte("\xef\xbb\xbfid\tname\n1\tcaf\xe9\n"))
	f.Add([]byte("id,name\n\"unterminated,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := OpenRows(BytesFile("fuzz.csv", data))
		if err != nil {
			return
		}
		defer rows.Close()
		last := 0
		for i := 0; i < 10000; i++ {
			line, cells, err := rows.Next()
			if err != nil {
				return
			}
			if line <= last {
				t.Fatalf("line numbers must increase: %d after %d", line, last)
			}
			last = line
			_ = cells
		}
	})
}
