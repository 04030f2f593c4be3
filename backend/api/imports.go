package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"commhub/backend/fault"
	"commhub/backend/network/imports"
)

// Imports reads partner, advertiser, offer, approval and daily-stat files into the store
// and exports the Network tables as CSV.
type Imports struct {
	deps Deps
}

// ImportFile is the file to read: its content (an upload, base64) or a path on this
// computer (the desktop file dialog only: over HTTP a path is refused, since it would let a
// browser read the server's files). FileName names it in messages and picks the format.
type ImportFile struct {
	FileName      string `json:"fileName"`
	ContentBase64 string `json:"contentBase64"`
	Path          string `json:"path"`
}

// ExportFile is a CSV export ready to save.
type ExportFile struct {
	FileName string `json:"fileName"`
	Content  string `json:"content"`
	Rows     int    `json:"rows"`
}

// Detect reads the header and first rows of a file and proposes a column mapping for kind
// (partners, advertisers, offers, approvals, daily_stats).
func (s *Imports) Detect(kind string, file ImportFile) (*imports.Detection, error) {
	f, err := file.open(s.deps.Remote)
	if err != nil {
		return nil, err
	}
	return imports.Detect(f, kind, nil)
}

// Run imports a file with the given mapping (field -> column; missing fields are detected).
// With dryRun nothing is written and the result says what would change. Progress is
// emitted as "imports.progress" events. demo says what to do with the demo network first:
// "clear" it, "keep" it, or "" to be refused (conflict) while it is the only data.
func (s *Imports) Run(kind string, file ImportFile, mapping imports.Mapping, dryRun bool, demo string) (*imports.Result, error) {
	f, err := file.open(s.deps.Remote)
	if err != nil {
		return nil, err
	}
	db, err := s.deps.Store.DB.DB()
	if err != nil {
		return nil, err
	}
	return imports.Run(context.Background(), db, f, kind, imports.Options{
		Mapping: mapping, DryRun: dryRun, Events: s.deps.Events, Now: s.deps.Now,
		BeforeWrite: func() error { return beforeOwnData(s.deps, demo) }})
}

// Export returns the rows of a Network table (partners, advertisers, offers, approvals,
// daily_stats) matching filters as CSV; cells that would run as spreadsheet formulas are
// neutralised.
func (s *Imports) Export(table string, filters imports.Filters) (ExportFile, error) {
	db, err := s.deps.Store.DB.DB()
	if err != nil {
		return ExportFile{}, err
	}
	var buf bytes.Buffer
	n, err := imports.Export(context.Background(), db, table, filters, &buf)
	if err != nil {
		return ExportFile{}, err
	}
	name := fmt.Sprintf("%s-%s.csv", strings.ReplaceAll(table, "_", "-"), s.deps.Now().Format("2006-01-02"))
	return ExportFile{FileName: name, Content: buf.String(), Rows: n}, nil
}

func (f ImportFile) open(remote bool) (imports.File, error) {
	if f.Path != "" && remote {
		return imports.File{}, fault.Invalidf("path: a file on the server cannot be imported from the browser: upload the file's content instead (contentBase64)")
	}
	if f.Path != "" {
		st, err := os.Stat(f.Path)
		if err != nil {
			return imports.File{}, fault.Invalidf("cannot read %s: %v", f.Path, err)
		}
		if st.IsDir() {
			return imports.File{}, fault.Invalidf("%s is a folder: choose a CSV or XLSX file", f.Path)
		}
		// A pipe would block the import until something writes to it, a device may never
		// end: only plain files are read.
		if !st.Mode().IsRegular() {
			return imports.File{}, fault.Invalidf("%s is not a regular file (it is a %s): choose a CSV or XLSX file", f.Path, fileType(st.Mode()))
		}
		name := f.FileName
		if name == "" {
			name = filepath.Base(f.Path)
		}
		return imports.File{Name: name, Size: st.Size(), Open: func() (io.ReadCloser, error) { return os.Open(f.Path) }}, nil
	}
	if f.FileName == "" {
		f.FileName = "upload.csv"
	}
	data, err := base64.StdEncoding.DecodeString(f.ContentBase64)
	if err != nil {
		return imports.File{}, fault.Invalidf("%s: the upload is not valid base64 (%v)", f.FileName, err)
	}
	return imports.BytesFile(f.FileName, data), nil
}

func fileType(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "named pipe"
	case m&os.ModeSocket != 0:
		return "socket"
	case m&os.ModeDevice != 0:
		return "device"
	}
	return "special file"
}
