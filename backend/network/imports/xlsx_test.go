package imports

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"commhub/backend/fault"
)

// bomb builds a valid workbook whose first sheet unpacks to more than unpacked bytes while
// the file itself stays small: the sheet XML is padded with whitespace, which deflate
// squeezes about a thousandfold.
func bomb(t *testing.T, unpacked int) []byte {
	t.Helper()
	book := excelize.NewFile()
	book.SetSheetRow("Sheet1", "A1", &[]any{"Partner ID", "Partner", "Email"})
	book.SetSheetRow("Sheet1", "A2", &[]any{1, "Ann", "ann@example.com"})
	var plain bytes.Buffer
	if err := book.Write(&plain); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(plain.Bytes()), int64(plain.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, f := range zr.File {
		rc, _ := f.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != "xl/worksheets/sheet1.xml" {
			w.Write(body)
			continue
		}
		head, tail, ok := strings.Cut(string(body), "<sheetData>")
		if !ok {
			t.Fatalf("no sheetData in %s", body)
		}
		io.WriteString(w, head+"<sheetData>")
		pad := bytes.Repeat([]byte(" "), 1<<20)
		for n := 0; n < unpacked; n += len(pad) {
			w.Write(pad)
		}
		io.WriteString(w, tail)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestAnXLSXBombIsRefusedBeforeItIsUnpacked(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where the workbook reader unpacks large parts
	data := bomb(t, xlsxMaxUnpacked+(16<<20))
	if len(data) > 2<<20 {
		t.Fatalf("the bomb is %d bytes, not a small file", len(data))
	}
	_, err := Detect(BytesFile("partners.xlsx", data), "partners", nil)
	if fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), "partners.xlsx is too large to import as XLSX") ||
		!strings.Contains(err.Error(), "limit of 256 MiB") || !strings.Contains(err.Error(), "save the sheet as CSV") {
		t.Fatalf("err = %v", err)
	}
	filepath.WalkDir(tmp, func(path string, d fs.DirEntry, err error) error {
		if info, e := d.Info(); e == nil && !d.IsDir() {
			t.Errorf("a temporary file was left: %s (%d bytes)", path, info.Size())
		}
		return nil
	})
	// The same padding within the limit still reads.
	det, err := Detect(BytesFile("partners.xlsx", bomb(t, 20<<20)), "partners", nil)
	if err != nil || len(det.Preview) != 1 || det.Preview[0][2] != "ann@example.com" {
		t.Fatalf("a large but allowed workbook: %+v %v", det, err)
	}
}

// countedFile reports how many bytes the reader consumed.
type countedFile struct {
	io.Reader
	n *int
}

func (c countedFile) Read(p []byte) (int, error) {
	k, err := c.Reader.Read(p)
	*c.n += k
	return k, err
}

func (c countedFile) Close() error { return nil }

// A preview reads a bounded number of records, however many of them are unreadable.
func TestAPreviewStopsReadingUnreadableRecords(t *testing.T) {
	content := "Partner ID,Partner,Email\n" + strings.Repeat("1,a\"b,x@example.com\n", 200000)
	read := 0
	f := File{Name: "partners.csv", Size: int64(len(content)), Open: func() (io.ReadCloser, error) {
		return countedFile{strings.NewReader(content), &read}, nil
	}}
	det, err := Detect(f, "partners", nil)
	if err != nil || len(det.Preview) != 0 {
		t.Fatalf("%+v %v", det, err)
	}
	if read > len(content)/10 {
		t.Fatalf("the preview read %d of %d bytes", read, len(content))
	}
}
