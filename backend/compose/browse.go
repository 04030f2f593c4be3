package compose

import (
	"context"
	"strconv"
	"strings"

	"commhub/backend/paging"
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
	offset, limit, err := paging.Window(offset, limit, 50, 500)
	if err != nil {
		return p, err
	}
	if q == "" {
		return c.window(ctx, offset, limit)
	}
	err = c.Recipients(ctx, func(d Decision) error {
		if q != "" && (qID == 0 || d.ID != qID) && !strings.Contains(strings.ToLower(d.Name), q) && !strings.Contains(strings.ToLower(d.Email), q) {
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

// window pages through the recipients without a search: only the IDs are streamed, and
// only the page is loaded and decided, so stepping through a large audience stays cheap.
func (c *Compiled) window(ctx context.Context, offset, limit int) (Page, error) {
	p := Page{Items: []Decision{}}
	var ids []int64
	unknown, err := c.stream(ctx, func(id int64) error {
		if p.Total >= offset && len(ids) < limit {
			ids = append(ids, id)
		}
		p.Total++
		return nil
	})
	if err != nil {
		return p, err
	}
	states, err := c.offerStates(ctx)
	if err != nil {
		return p, err
	}
	err = c.decideBatch(ctx, ids, states, false, func(_ *recipient, d Decision) error {
		p.Items = append(p.Items, d)
		return nil
	})
	for _, e := range unknown {
		if p.Total >= offset && len(p.Items) < limit {
			p.Items = append(p.Items, c.unknownAddress(e))
		}
		p.Total++
	}
	return p, err
}
