package imports

import (
	"io"

	"github.com/xuri/excelize/v2"

	"commhub/backend/fault"
)

// xlsxRows streams the first sheet of a workbook row by row; line numbers are sheet rows.
type xlsxRows struct {
	book   *excelize.File
	rows   *excelize.Rows
	rc     io.Closer
	header []string
	line   int
}

func openXLSX(f File) (Rows, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fault.Invalidf("cannot open %s: %v", f.Name, err)
	}
	book, err := excelize.OpenReader(rc)
	if err != nil {
		rc.Close()
		return nil, fault.Invalidf("%s is not a readable XLSX workbook (%v): save it again from your spreadsheet program", f.Name, err)
	}
	sheets := book.GetSheetList()
	if len(sheets) == 0 {
		book.Close()
		rc.Close()
		return nil, fault.Invalidf("%s has no sheets", f.Name)
	}
	rows, err := book.Rows(sheets[0])
	if err != nil {
		book.Close()
		rc.Close()
		return nil, fault.Invalidf("%s: cannot read sheet %q: %v", f.Name, sheets[0], err)
	}
	x := &xlsxRows{book: book, rows: rows, rc: rc}
	for {
		line, cells, err := x.Next()
		if err == io.EOF {
			x.Close()
			return nil, fault.Invalidf("%s: sheet %q is empty: put the column names in the first row", f.Name, sheets[0])
		}
		if err != nil {
			x.Close()
			return nil, fault.Invalidf("%s: %v", f.Name, err)
		}
		if !allBlank(cells) {
			_ = line
			x.header = trimAll(append([]string(nil), cells...))
			return x, nil
		}
	}
}

func (x *xlsxRows) Header() []string { return x.header }

func (x *xlsxRows) Next() (int, []string, error) {
	for x.rows.Next() {
		x.line++
		cells, err := x.rows.Columns()
		if err != nil {
			return x.line, nil, err
		}
		if allBlank(cells) {
			continue
		}
		return x.line, cells, nil
	}
	if err := x.rows.Error(); err != nil {
		return x.line, nil, err
	}
	return 0, nil, io.EOF
}

func (x *xlsxRows) Close() error {
	x.rows.Close()
	x.book.Close()
	return x.rc.Close()
}
