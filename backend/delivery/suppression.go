package delivery

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"commhub/backend/csvcell"
	"commhub/backend/fault"
	"commhub/backend/model"
	"commhub/backend/paging"
)

// SuppressionPage is one page of the suppression list.
type SuppressionPage struct {
	Items    []model.Suppression `json:"items"`
	Total    int64               `json:"total"`
	Page     int                 `json:"page"`
	PageSize int                 `json:"pageSize"`
	// Counts is the size of the whole list by reason.
	Counts map[string]int64 `json:"counts"`
}

// ListSuppressions returns a page, newest first, filtered by reason and a search on
// the address or note.
func ListSuppressions(db *gorm.DB, reason, search string, page, pageSize int) (SuppressionPage, error) {
	page, pageSize, offset, err := paging.Page(page, pageSize, 50, 500)
	out := SuppressionPage{Page: page, PageSize: pageSize, Counts: map[string]int64{}, Items: []model.Suppression{}}
	if err != nil {
		return out, err
	}
	if reason != "" && !slices.Contains(model.SuppressionReasons, reason) {
		return out, fault.Invalidf("%q is not a suppression reason (%s)", reason, strings.Join(model.SuppressionReasons, ", "))
	}
	q := db.Model(&model.Suppression{})
	if reason != "" {
		q = q.Where("reason = ?", reason)
	}
	if s := strings.TrimSpace(search); s != "" {
		like := "%" + strings.ToLower(s) + "%"
		q = q.Where("email LIKE ? OR lower(note) LIKE ?", like, like)
	}
	if err := q.Count(&out.Total).Error; err != nil {
		return out, err
	}
	if err := q.Order("at DESC, email").Offset(offset).Limit(pageSize).Find(&out.Items).Error; err != nil {
		return out, err
	}
	var counts []struct {
		Reason string
		N      int64
	}
	err = db.Model(&model.Suppression{}).Select("reason, count(*) AS n").Group("reason").Scan(&counts).Error
	for _, c := range counts {
		out.Counts[c.Reason] = c.N
	}
	return out, err
}

// NormalizeEmail lower-cases and checks an address; the error says what is wrong.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", fmt.Errorf("%q is not an email address", s)
	}
	return s, nil
}

// Suppress adds (or updates) one address.
func Suppress(db *gorm.DB, email, reason, note string, at time.Time) (model.Suppression, error) {
	e, err := NormalizeEmail(email)
	if err != nil {
		return model.Suppression{}, fault.Invalidf("suppress: %v: enter a single address such as name@example.com", err)
	}
	if !slices.Contains(model.SuppressionReasons, reason) {
		return model.Suppression{}, fault.Invalidf("suppress %s: %q is not a reason (%s)", e, reason, strings.Join(model.SuppressionReasons, ", "))
	}
	s := model.Suppression{Email: e, Reason: reason, At: at.UTC(), Note: strings.TrimSpace(note)}
	err = db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "email"}}, DoUpdates: clause.AssignmentColumns([]string{"reason", "note", "at"})}).Create(&s).Error
	return s, err
}

// Unsuppress removes addresses from the list; it returns how many were there.
func Unsuppress(db *gorm.DB, emails []string) (int64, error) {
	low := make([]string, 0, len(emails))
	for _, e := range emails {
		low = append(low, strings.ToLower(strings.TrimSpace(e)))
	}
	res := db.Where("email IN ?", low).Delete(&model.Suppression{})
	return res.RowsAffected, res.Error
}

// ImportResult says what a CSV import did; Problems name each rejected line.
type ImportResult struct {
	Added    int      `json:"added"`
	Updated  int      `json:"updated"`
	Problems []string `json:"problems"`
}

// ImportSuppressionsCSV reads email[,reason[,note]] rows (a header row is recognised
// by its "email" cell). Rows without a reason take defaultReason. Bad rows are listed
// and skipped; good rows are saved in one transaction.
func ImportSuppressionsCSV(db *gorm.DB, r io.Reader, defaultReason string, now time.Time) (ImportResult, error) {
	res := ImportResult{Problems: []string{}}
	if defaultReason == "" {
		defaultReason = model.SuppressManual
	}
	if !slices.Contains(model.SuppressionReasons, defaultReason) {
		return res, fault.Invalidf("import: default reason %q is not one of %s", defaultReason, strings.Join(model.SuppressionReasons, ", "))
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cols := map[string]int{"email": 0, "reason": 1, "note": 2}
	var rows []model.Suppression
	seen := map[string]bool{}
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return res, fault.Invalidf("import line %d: %v: save the file as CSV (comma-separated)", line, err)
		}
		if line == 1 && headerRow(rec, cols) {
			continue
		}
		s, problem := suppressionRow(rec, cols, defaultReason, now)
		switch {
		case problem != "":
			res.Problems = append(res.Problems, fmt.Sprintf("line %d: %s", line, problem))
		case seen[s.Email]:
			res.Problems = append(res.Problems, fmt.Sprintf("line %d: %s is listed twice; the first row counts", line, s.Email))
		default:
			seen[s.Email] = true
			rows = append(rows, s)
		}
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		for i := 0; i < len(rows); i += 500 {
			batch := rows[i:min(i+500, len(rows))]
			emails := make([]string, len(batch))
			for j, s := range batch {
				emails[j] = s.Email
			}
			var existing int64
			if err := tx.Model(&model.Suppression{}).Where("email IN ?", emails).Count(&existing).Error; err != nil {
				return err
			}
			res.Updated += int(existing)
			res.Added += len(batch) - int(existing)
			err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "email"}}, DoUpdates: keepNote}).Create(&batch).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// keepNote updates the reason of an address already listed, and its note only when the
// import gives one.
var keepNote = clause.Set{
	{Column: clause.Column{Name: "reason"}, Value: gorm.Expr("excluded.reason")},
	{Column: clause.Column{Name: "note"}, Value: gorm.Expr("CASE WHEN excluded.note <> '' THEN excluded.note ELSE suppressions.note END")},
}

func headerRow(rec []string, cols map[string]int) bool {
	found := false
	for i, c := range rec {
		name := strings.ToLower(strings.TrimSpace(c))
		if _, ok := cols[name]; ok {
			cols[name] = i
			found = found || name == "email"
		}
	}
	return found
}

func suppressionRow(rec []string, cols map[string]int, defaultReason string, now time.Time) (model.Suppression, string) {
	cell := func(name string) string {
		if i := cols[name]; i < len(rec) {
			return csvcell.Restore(strings.TrimSpace(rec[i]))
		}
		return ""
	}
	email, err := NormalizeEmail(cell("email"))
	if err != nil {
		return model.Suppression{}, err.Error()
	}
	reason := strings.ToLower(cell("reason"))
	if reason == "" {
		reason = defaultReason
	}
	if !slices.Contains(model.SuppressionReasons, reason) {
		return model.Suppression{}, fmt.Sprintf("%q is not a suppression reason (%s)", reason, strings.Join(model.SuppressionReasons, ", "))
	}
	return model.Suppression{Email: email, Reason: reason, Note: cell("note"), At: now.UTC()}, ""
}

// ExportSuppressionsCSV writes the whole list: email, reason, at (RFC 3339, UTC), note.
func ExportSuppressionsCSV(db *gorm.DB, w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"email", "reason", "at", "note"})
	rows, err := db.Model(&model.Suppression{}).Order("email").Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s model.Suppression
		if err := db.ScanRows(rows, &s); err != nil {
			return err
		}
		cw.Write([]string{csvcell.Neutralize(s.Email), s.Reason, s.At.UTC().Format(time.RFC3339), csvcell.Neutralize(s.Note)})
	}
	cw.Flush()
	return cw.Error()
}
