// Package csvcell keeps text written to CSV files from running as spreadsheet formulas, and
// undoes that when the same files are read back, so an export imports unchanged.
package csvcell

import "strings"

// formulaStarts are the first characters that make a spreadsheet read a cell as a formula
// (tab and CR because some programs strip them and then see what follows).
const formulaStarts = "=+-@\t\r"

// Neutralize defuses text a spreadsheet would run as a formula by prefixing an apostrophe,
// which spreadsheets show as a text marker and hide.
func Neutralize(s string) string {
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// Restore undoes Neutralize: an apostrophe followed by a formula character is dropped.
func Restore(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte(formulaStarts, s[1]) >= 0 {
		return s[1:]
	}
	return s
}
