package imports

import (
	"errors"
	"io"
	"strings"

	"commhub/backend/fault"
)

// Mapping says which file column fills which field: field key -> column header. A field
// mapped to "" is ignored.
type Mapping map[string]string

// Detection is what Detect learns about a file before anything is imported.
type Detection struct {
	Kind     string   `json:"kind"`
	FileName string   `json:"fileName"`
	Columns  []string `json:"columns"`
	Mapping  Mapping  `json:"mapping"`
	Fields   []Field  `json:"fields"`
	// Unmapped lists file columns no field reads.
	Unmapped []string `json:"unmapped"`
	// Missing lists required fields no column fills: the import cannot start until mapped.
	Missing      []string   `json:"missing"`
	Preview      [][]string `json:"preview"`
	PreviewLines []int      `json:"previewLines"`
}

// PreviewRows is how many records Detect returns.
const PreviewRows = 20

// previewScanLimit bounds the records Detect reads, readable or not.
const previewScanLimit = 1000

// normHeader reduces a header to lower-case letters and digits: "Partner ID" -> "partnerid".
func normHeader(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// DetectMapping matches headers to fields by known names, each header used at most once.
// Fields are matched by their most specific alias first, so "Partner ID" becomes the ID and
// "Partner" the name.
func DetectMapping(k *Kind, header []string) Mapping {
	m := Mapping{}
	used := make([]bool, len(header))
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = normHeader(h)
	}
	for rank := 0; rank < 8; rank++ {
		for _, f := range k.Fields {
			if _, done := m[f.Key]; done || rank >= len(f.Aliases) {
				continue
			}
			for i, n := range norm {
				if !used[i] && n == f.Aliases[rank] {
					m[f.Key] = header[i]
					used[i] = true
					break
				}
			}
		}
	}
	return m
}

// merge lays the user's choices over the detected mapping.
func merge(detected, override Mapping) Mapping {
	out := Mapping{}
	for k, v := range detected {
		out[k] = v
	}
	for k, v := range override {
		out[k] = v
	}
	return out
}

// resolved is a mapping checked against the file: for each mapped field, its column index.
type resolved struct {
	fields  []*Field
	index   []int
	headers []string
}

func resolve(k *Kind, header []string, m Mapping) (resolved, error) {
	var r resolved
	for key, col := range m {
		if k.field(key) == nil {
			return r, fault.Invalidf("mapping: %q is not a %s field (%s)", key, k.entity, strings.Join(k.fieldKeys(), ", "))
		}
		if col != "" && indexOf(header, col) < 0 {
			return r, fault.Invalidf("mapping: column %q for %s is not in the file (columns: %s)", col, key, strings.Join(header, ", "))
		}
	}
	var missing []string
	for i := range k.Fields {
		f := &k.Fields[i]
		col := m[f.Key]
		if col == "" {
			if f.Required {
				missing = append(missing, f.Label)
			}
			continue
		}
		r.fields = append(r.fields, f)
		r.index = append(r.index, indexOf(header, col))
		r.headers = append(r.headers, col)
	}
	if len(missing) > 0 {
		return r, fault.Invalidf("no column is mapped to %s: map %s to a column of the file (columns: %s)",
			strings.Join(missing, ", "), plural(len(missing), "it", "them"), strings.Join(header, ", "))
	}
	return r, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	for i, v := range list { // tolerate case and spacing differences typed by hand
		if normHeader(v) == normHeader(s) && normHeader(s) != "" {
			return i
		}
	}
	return -1
}

// Detect reads the header and first records of f and proposes a mapping for kind.
func Detect(f File, kindName string, override Mapping) (*Detection, error) {
	k, err := LookupKind(kindName)
	if err != nil {
		return nil, err
	}
	rows, err := OpenRows(f)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	header := rows.Header()
	m := merge(DetectMapping(k, header), override)
	d := &Detection{Kind: k.Name, FileName: f.Name, Columns: header, Mapping: m, Fields: k.Fields,
		Unmapped: []string{}, Missing: []string{}, Preview: [][]string{}, PreviewLines: []int{}}
	for _, h := range header {
		if !mapsColumn(m, h) {
			d.Unmapped = append(d.Unmapped, h)
		}
	}
	for _, fl := range k.Fields {
		if fl.Required && m[fl.Key] == "" {
			d.Missing = append(d.Missing, fl.Key)
		}
	}
	// Unreadable records are skipped, but only so many: a preview never reads the whole file.
	for scanned := 0; len(d.Preview) < PreviewRows && scanned < previewScanLimit; scanned++ {
		line, cells, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var rowErr *recordError
		if errors.As(err, &rowErr) {
			continue // reported by the import, with its line
		}
		if err != nil {
			return nil, fault.Invalidf("%s: %v", f.Name, err)
		}
		d.Preview = append(d.Preview, append([]string(nil), cells...))
		d.PreviewLines = append(d.PreviewLines, line)
	}
	return d, nil
}

func mapsColumn(m Mapping, h string) bool {
	for _, v := range m {
		if v == h {
			return true
		}
	}
	return false
}
