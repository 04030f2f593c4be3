// Package network answers questions about the network's partners, advertisers, offers
// and their performance, straight from the store.
package network

import (
	"fmt"
	"slices"
	"strings"

	"commhub/backend/fault"
	"commhub/backend/model"
	"commhub/backend/paging"
)

// Paging is embedded in every list query.
type Paging struct {
	Sort     string `json:"sort"`
	Page     int    `json:"page"`
	PageSize int    `json:"pageSize"`
}

const (
	defaultPageSize = 50
	maxPageSize     = 500
)

func (p Paging) limitOffset() (limit, offset int, err error) {
	_, limit, offset, err = paging.Page(p.Page, p.PageSize, defaultPageSize, maxPageSize)
	return limit, offset, err
}

// orderBy maps a public sort key ("name", "-name") to SQL through a whitelist, so no caller
// text ever reaches the query. The id tie-breaker keeps paging stable.
func orderBy(sort string, columns map[string]string, fallback string) (string, error) {
	if sort == "" {
		sort = fallback
	}
	key, dir := strings.TrimPrefix(sort, "-"), "ASC"
	if strings.HasPrefix(sort, "-") {
		dir = "DESC"
	}
	col, ok := columns[key]
	if !ok {
		keys := make([]string, 0, len(columns))
		for k := range columns {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return "", fault.Invalidf("cannot sort by %q: use one of %s, with a leading - for descending", key, strings.Join(keys, ", "))
	}
	return fmt.Sprintf("%s %s, id %s", col, dir, dir), nil
}

// filter accumulates AND-ed SQL conditions with their arguments.
type filter struct {
	clauses []string
	args    []any
}

func (f *filter) add(clause string, args ...any) {
	f.clauses = append(f.clauses, clause)
	f.args = append(f.args, args...)
}

func (f *filter) sql() string {
	if len(f.clauses) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(f.clauses, " AND ")
}

// equal adds column = value unless value is empty or 0, which mean "any".
func (f *filter) equal(column string, value any) {
	if value == "" || value == int64(0) {
		return
	}
	f.add(column+" = ?", value)
}

// tag keeps rows carrying tag, when one is given.
func (f *filter) tag(tag string) {
	if tag != "" {
		f.add("tags LIKE ?", model.TagPattern(tag))
	}
}

// search adds a case-insensitive substring match over columns, or an exact ID match when
// the text is a number.
func (f *filter) search(text string, columns ...string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	pattern := "%" + likeEscaper.Replace(text) + "%"
	parts := make([]string, 0, len(columns)+1)
	args := make([]any, 0, len(columns)+1)
	for _, c := range columns {
		parts = append(parts, c+` LIKE ? ESCAPE '\'`)
		args = append(args, pattern)
	}
	parts = append(parts, "CAST(id AS TEXT) = ?")
	args = append(args, text)
	f.add("("+strings.Join(parts, " OR ")+")", args...)
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func oneOf(what, value string, valid []string) error {
	if value == "" || slices.Contains(valid, value) {
		return nil
	}
	return fault.Invalidf("%q is not a %s (%s)", value, what, strings.Join(valid, ", "))
}
