package imports

import (
	"archive/zip"
	"bytes"
	"fmt"
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

// Workbook limits. A workbook is a zip archive whose parts can expand a thousandfold, so
// its size on disk says little: the unpacked size is checked against the archive's own
// directory before anything is unpacked (the zip reader refuses parts that grow beyond
// what the directory declares). Parts above xlsxPartInMemory are unpacked to a temporary
// file and read from there as a stream.
const (
	xlsxMaxPacked    = 128 << 20
	xlsxMaxUnpacked  = 256 << 20
	xlsxPartInMemory = 16 << 20
)

func openXLSX(f File) (Rows, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fault.Invalidf("cannot open %s: %v", f.Name, err)
	}
	data, err := io.ReadAll(io.LimitReader(rc, xlsxMaxPacked+1))
	if err != nil {
		rc.Close()
		return nil, fault.Invalidf("cannot read %s: %v", f.Name, err)
	}
	if err := checkUnpackedSize(f.Name, data); err != nil {
		rc.Close()
		return nil, err
	}
	book, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: xlsxMaxUnpacked, UnzipXMLSizeLimit: xlsxPartInMemory})
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

// checkUnpackedSize refuses a workbook too large to read safely, by the sizes its zip
// directory declares, before any part is unpacked.
func checkUnpackedSize(name string, data []byte) error {
	tooBig := func(what string, limit int64) error {
		return fault.Invalidf("%s is too large to import as XLSX: %s exceeds the limit of %d MiB: save the sheet as CSV (UTF-8), which has no size limit, or split it into smaller workbooks", name, what, limit>>20)
	}
	if len(data) > xlsxMaxPacked {
		return tooBig("the file", xlsxMaxPacked)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fault.Invalidf("%s is not a readable XLSX workbook (%v): save it again from your spreadsheet program", name, err)
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > xlsxMaxUnpacked {
			return tooBig(fmt.Sprintf("its content unpacked (at least %d MiB)", total>>20), xlsxMaxUnpacked)
		}
	}
	return nil
}
