package compose

import (
	"context"
	"strconv"
	"strings"
)

// Page is a window of a message's recipients with their decisions, for the preview
// picker (search, and arrows to step through recipients).
type Page struct {
	Total int        `json:"total"`
	Items []Decision `json:"items"`
}

// Browse returns the recipients whose name or email contains query, or whose ID is
// query, in recipient order, from offset. Total counts every match.
func (c *Compiled) Browse(ctx context.Context, query string, offset, limit int) (Page, error) {
	q := strings.ToLower(strings.TrimSpace(query))
	qID, _ := strconv.ParseInt(q, 10, 64)
	p := Page{Items: []Decision{}}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	err := c.Recipients(ctx, func(d Decision) error {
		if q != "" && d.ID != qID && !strings.Contains(strings.ToLower(d.Name), q) && !strings.Contains(strings.ToLower(d.Email), q) {
			return nil
		}
		if p.Total >= offset && len(p.Items) < limit {
			p.Items = append(p.Items, d)
		}
		p.Total++
		return nil
	})
	return p, err
}
