// Package paging checks the page and window arguments of list calls, so that no number a
// caller sends can wrap around into another page or reach the database negative.
package paging

import "commhub/backend/fault"

const (
	// MaxPage is the highest page number: far beyond any list, low enough that the
	// offset it makes can never overflow.
	MaxPage = 1_000_000
	// MaxOffset is the highest offset a window may start at.
	MaxOffset = 100_000_000
)

// Page checks page (from 1; 0 means 1) and size (0 means def, at most max) and returns the
// page, the size and the offset of its first row.
func Page(page, size, def, max int) (int, int, int, error) {
	if page < 0 || page > MaxPage {
		return 0, 0, 0, fault.Invalidf("page %d is out of range: pages are numbered from 1 to %d", page, MaxPage)
	}
	if size < 0 || size > max {
		return 0, 0, 0, fault.Invalidf("page size %d is out of range: use 1 to %d rows (0 for the default of %d)", size, max, def)
	}
	if page == 0 {
		page = 1
	}
	if size == 0 {
		size = def
	}
	return page, size, (page - 1) * size, nil
}

// Window checks offset (from 0) and limit (0 means def, at most max).
func Window(offset, limit, def, max int) (int, int, error) {
	if offset < 0 || offset > MaxOffset {
		return 0, 0, fault.Invalidf("offset %d is out of range: use 0 to %d", offset, MaxOffset)
	}
	if limit < 0 || limit > max {
		return 0, 0, fault.Invalidf("limit %d is out of range: use 1 to %d (0 for the default of %d)", limit, max, def)
	}
	if limit == 0 {
		limit = def
	}
	return offset, limit, nil
}
