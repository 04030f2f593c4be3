package compose

import (
	"database/sql"
	"strings"
)

// partnerQuery is the partner statement of the batch loader for one compiled message:
// the columns the eligibility rule reads, plus, when it renders, only those the
// message's macros fill. Every column read costs a few driver calls per recipient, and
// a typical message uses two or three of the optional ones.
type partnerQuery struct {
	sql                                               string
	first, last, company, country, manager, encodedID bool
}

// planPartnerQueries prepares the rule-only and the rendering statement once per message.
func (c *Compiled) planPartnerQueries() {
	c.partnerRule = partnerQuery{encodedID: c.needLinks}
	c.partnerRule.sql = c.partnerRule.build()
	c.partnerRender = partnerQuery{
		first:   c.uses("partner_first_name") || c.uses("advertiser_contact_name"),
		last:    c.uses("partner_last_name"),
		company: c.uses("partner_company"),
		country: c.uses("partner_country"),
		manager: c.uses("account_manager_name") || c.uses("account_manager_email"),
		// The links' missing-ID check reads the encoded ID whenever links are built.
		encodedID: c.needLinks,
	}
	c.partnerRender.sql = c.partnerRender.build()
}

// uses reports whether any part of the email references the macro.
func (c *Compiled) uses(name string) bool {
	return c.subject.Uses(name) || c.html.Uses(name) || c.text.Uses(name)
}

func (q partnerQuery) build() string {
	cols := []string{"id", "COALESCE(name, '')", "COALESCE(email, '')", "COALESCE(status, '')", "COALESCE(unsubscribed, 0)"}
	add := func(on bool, col string) {
		if on {
			cols = append(cols, col)
		}
	}
	add(q.first, "COALESCE(first_name, '')")
	add(q.last, "COALESCE(last_name, '')")
	add(q.company, "COALESCE(company, '')")
	add(q.country, "COALESCE(country, '')")
	add(q.encodedID, "COALESCE(encoded_id, '')")
	add(q.manager, "account_manager_id")
	return "SELECT " + strings.Join(cols, ", ") + " FROM partners WHERE id IN (SELECT value FROM json_each(?))"
}

// dest lists the scan destinations of one row, in the order of build, into buf.
func (q partnerQuery) dest(buf []any, r *recipient, am *sql.NullInt64) []any {
	buf = append(buf[:0], &r.ID, &r.Name, &r.Email, &r.Status, &r.Unsub)
	if q.first {
		buf = append(buf, &r.FirstName)
	}
	if q.last {
		buf = append(buf, &r.LastName)
	}
	if q.company {
		buf = append(buf, &r.Company)
	}
	if q.country {
		buf = append(buf, &r.Country)
	}
	if q.encodedID {
		buf = append(buf, &r.EncodedID)
	}
	if q.manager {
		buf = append(buf, am)
	}
	return buf
}
