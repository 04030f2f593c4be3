package compose

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// The batch loader reads what the rule and the macros need with one raw query per table
// and scans each row into plain variables: a send run calls it twice per recipient (the
// snapshot, then the re-check just before sending), and scanning through the ORM's
// reflection cost more than the queries. The IDs of a batch travel as one JSON array
// bound to json_each: the pure-Go driver parses every statement each time it runs, and a
// list of 500 placeholders cost more to parse than the short fixed text.
const (
	advertisersSQL = "SELECT id, COALESCE(name, ''), COALESCE(contact_name, ''), COALESCE(contact_email, ''), COALESCE(status, ''), " +
		"account_manager_id FROM advertisers WHERE id IN (SELECT value FROM json_each(?))"
	suppressionsSQL = "SELECT email, COALESCE(reason, '') FROM suppressions WHERE email IN (SELECT value FROM json_each(?))"
	approvalsSQL    = "SELECT partner_id, offer_id, COALESCE(status, '') FROM approvals " +
		"WHERE partner_id IN (SELECT value FROM json_each(?)) AND offer_id IN (SELECT value FROM json_each(?))"
	linksSQL = "SELECT partner_id, offer_id, COALESCE(url, '') FROM tracking_links " +
		"WHERE partner_id IN (SELECT value FROM json_each(?)) AND offer_id IN (SELECT value FROM json_each(?))"
)

// load reads a batch of recipients with what the rule needs: approvals for the
// message's offers, cached tracking links and suppressions. Everything is read now, for
// this batch only: nothing that decides eligibility is kept from one batch to the next.
// With render false only the rule's columns are read (the snapshot and the preview's
// summary render nothing); with render true also those the message's macros fill.
func (c *Compiled) load(ctx context.Context, ids []int64, render bool) (map[int64]*recipient, error) {
	idJSON := jsonIDs(ids)
	rs, err := c.loadPeople(ctx, ids, idJSON, render)
	if err != nil {
		return nil, err
	}
	if err := c.loadSuppressions(ctx, rs); err != nil {
		return nil, err
	}
	if c.Kind() != KindPartner || len(c.offerIDs) == 0 {
		return rs, nil
	}
	if err := c.loadApprovals(ctx, idJSON, rs); err != nil {
		return nil, err
	}
	return rs, c.loadLinks(ctx, idJSON, rs)
}

// jsonIDs encodes ids as a JSON array for json_each.
func jsonIDs(ids []int64) string {
	buf := make([]byte, 0, 2+8*len(ids))
	buf = append(buf, '[')
	for i, id := range ids {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = strconv.AppendInt(buf, id, 10)
	}
	return string(append(buf, ']'))
}

// rows runs one read-only statement of the loader; each caller scans its own columns.
func (c *Compiled) rows(ctx context.Context, what, query string, args ...any) (*sql.Rows, error) {
	rows, err := c.db.WithContext(ctx).Raw(query, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return rows, nil
}

// each scans every row with scan and closes the rows, reporting the first error.
func each(rows *sql.Rows, what string, scan func() error) error {
	defer rows.Close()
	for rows.Next() {
		if err := scan(); err != nil {
			return fmt.Errorf("read %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	return nil
}

func (c *Compiled) loadPeople(ctx context.Context, ids []int64, idJSON string, render bool) (map[int64]*recipient, error) {
	rs := make(map[int64]*recipient, len(ids))
	switch c.Kind() {
	case KindPartner:
		q := c.partnerRule
		if render {
			q = c.partnerRender
		}
		return rs, c.loadPartners(ctx, q, idJSON, len(ids), rs)
	case KindAdvertiser:
		return rs, c.loadAdvertisers(ctx, idJSON, len(ids), rs)
	}
	for _, id := range ids {
		if e, ok := c.managers[id]; ok {
			first, last, _ := strings.Cut(e.Name, " ")
			rs[id] = &recipient{Kind: KindEmployee, ID: id, Found: true, Name: e.Name, FirstName: first, LastName: last, Email: e.Email}
		}
	}
	return rs, nil
}

// loadPartners reads the columns of q into one slice for the whole batch, reusing one
// list of scan destinations.
func (c *Compiled) loadPartners(ctx context.Context, q partnerQuery, idJSON string, n int, rs map[int64]*recipient) error {
	rows, err := c.rows(ctx, "partners", q.sql, idJSON)
	if err != nil {
		return err
	}
	all := make([]recipient, 0, n)
	withOffers := len(c.offerIDs) > 0
	var am sql.NullInt64
	dest := make([]any, 0, 12)
	return each(rows, "partners", func() error {
		all = append(all, recipient{Kind: KindPartner, Found: true})
		r := &all[len(all)-1]
		am = sql.NullInt64{}
		if err := rows.Scan(q.dest(dest, r, &am)...); err != nil {
			return err
		}
		if withOffers {
			r.approvals, r.links = map[int64]string{}, map[int64]string{}
		}
		c.setManager(r, am)
		rs[r.ID] = r
		return nil
	})
}

func (c *Compiled) loadAdvertisers(ctx context.Context, idJSON string, n int, rs map[int64]*recipient) error {
	rows, err := c.rows(ctx, "advertisers", advertisersSQL, idJSON)
	if err != nil {
		return err
	}
	all := make([]recipient, 0, n)
	var am sql.NullInt64
	return each(rows, "advertisers", func() error {
		all = append(all, recipient{Kind: KindAdvertiser, Found: true})
		r := &all[len(all)-1]
		if err := rows.Scan(&r.ID, &r.Name, &r.FirstName, &r.Email, &r.Status, &am); err != nil {
			return err
		}
		c.setManager(r, am)
		rs[r.ID] = r
		return nil
	})
}

func (c *Compiled) setManager(r *recipient, id sql.NullInt64) {
	if !id.Valid {
		return
	}
	if m, ok := c.managers[id.Int64]; ok {
		r.AMName, r.AMEmail = m.Name, m.Email
	}
}

// loadSuppressions marks the recipients whose address (trimmed, lower case, as the
// suppression list stores it) is suppressed.
func (c *Compiled) loadSuppressions(ctx context.Context, rs map[int64]*recipient) error {
	byEmail := make(map[string][]*recipient, len(rs))
	emails := make([]string, 0, len(rs))
	for _, r := range rs {
		e := strings.ToLower(strings.TrimSpace(r.Email))
		if e == "" {
			continue
		}
		if byEmail[e] == nil {
			emails = append(emails, e)
		}
		byEmail[e] = append(byEmail[e], r)
	}
	if len(emails) == 0 {
		return nil
	}
	list, err := json.Marshal(emails)
	if err != nil {
		return fmt.Errorf("read suppressions: %w", err)
	}
	rows, err := c.rows(ctx, "suppressions", suppressionsSQL, string(list))
	if err != nil {
		return err
	}
	var email, reason string
	return each(rows, "suppressions", func() error {
		if err := rows.Scan(&email, &reason); err != nil {
			return err
		}
		for _, r := range byEmail[email] {
			r.Suppressed = reason
		}
		return nil
	})
}

// loadApprovals reads the batch's approvals for the message's offers, as they are now.
func (c *Compiled) loadApprovals(ctx context.Context, idJSON string, rs map[int64]*recipient) error {
	rows, err := c.rows(ctx, "approvals", approvalsSQL, idJSON, jsonIDs(c.offerIDs))
	if err != nil {
		return err
	}
	var partner, offer int64
	var status string
	return each(rows, "approvals", func() error {
		if err := rows.Scan(&partner, &offer, &status); err != nil {
			return err
		}
		if r := rs[partner]; r != nil {
			r.approvals[offer] = status
		}
		return nil
	})
}

// loadLinks reads tracking links fetched from the platform for these partners.
func (c *Compiled) loadLinks(ctx context.Context, idJSON string, rs map[int64]*recipient) error {
	if !c.needLinks {
		return nil
	}
	rows, err := c.rows(ctx, "cached tracking links", linksSQL, idJSON, jsonIDs(c.offerIDs))
	if err != nil {
		return err
	}
	var partner, offer int64
	var url string
	return each(rows, "cached tracking links", func() error {
		if err := rows.Scan(&partner, &offer, &url); err != nil {
			return err
		}
		if r := rs[partner]; r != nil && (strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://")) {
			r.links[offer] = url
		}
		return nil
	})
}
