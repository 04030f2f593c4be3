package api_test

import (
	"encoding/csv"
	"strings"
	"testing"
)

// An address may legally start with = + or -; exported as is, a spreadsheet would run it.
func TestSuppressionExportNeutralisesFormulasAndImportsBack(t *testing.T) {
	b, _ := newBridge(t)
	for _, e := range []string{"=1+cmd@example.test", "-2+3@example.test", "plain@example.test"} {
		b.must(nil, "Suppressions.Add", e, "manual", "+note")
	}
	var out string
	b.must(&out, "Suppressions.ExportCSV")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	emails := map[string]bool{}
	for _, r := range recs[1:] {
		emails[r[0]] = true
		if r[3] != "'+note" {
			t.Errorf("note exported as %q", r[3])
		}
	}
	for _, want := range []string{"'-2+3@example.test", "'=1+cmd@example.test", "plain@example.test"} {
		if !emails[want] {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
	// The exported file imports back to the same addresses, not apostrophe-prefixed ones.
	b.must(nil, "Suppressions.Remove", []string{"=1+cmd@example.test", "-2+3@example.test", "plain@example.test"})
	b.must(nil, "Suppressions.ImportCSV", out, "")
	var again string
	b.must(&again, "Suppressions.ExportCSV")
	if again != out {
		t.Fatalf("round trip changed the list:\n%s\nbecame\n%s", out, again)
	}
}
