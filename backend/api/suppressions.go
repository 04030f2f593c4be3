package api

import (
	"strings"

	"commhub/backend/delivery"
	"commhub/backend/model"
)

// Suppressions is the list of addresses no send may reach.
type Suppressions struct {
	kit *deliveryKit
}

// List returns a page of the list, newest first, filtered by reason ("" for all) and a
// search on the address or note.
func (s *Suppressions) List(reason, search string, page, pageSize int) (delivery.SuppressionPage, error) {
	return delivery.ListSuppressions(s.kit.deps.Store.DB, reason, search, page, pageSize)
}

// Add suppresses one address (or updates its reason and note).
func (s *Suppressions) Add(email, reason, note string) (model.Suppression, error) {
	return delivery.Suppress(s.kit.deps.Store.DB, email, reason, note, s.kit.deps.Now())
}

// Remove takes addresses off the list; it returns how many were on it.
func (s *Suppressions) Remove(emails []string) (int64, error) {
	return delivery.Unsuppress(s.kit.deps.Store.DB, emails)
}

// ImportCSV adds the addresses of a CSV text (email[,reason[,note]], header optional);
// rows without a reason take defaultReason. Bad lines are reported, good ones saved.
func (s *Suppressions) ImportCSV(csv, defaultReason string) (delivery.ImportResult, error) {
	return delivery.ImportSuppressionsCSV(s.kit.deps.Store.DB, strings.NewReader(csv), defaultReason, s.kit.deps.Now())
}

// ExportCSV returns the whole list as CSV text.
func (s *Suppressions) ExportCSV() (string, error) {
	var b strings.Builder
	err := delivery.ExportSuppressionsCSV(s.kit.deps.Store.DB, &b)
	return b.String(), err
}
