package imports

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// lookups resolves references in cells (an account manager's name, a partner ID) against
// what the store already holds. Each table is read once, on first use, since these tables
// are small next to the files that refer to them.
type lookups struct {
	ctx         context.Context
	db          *sql.DB
	employees   map[string]int64 // lower-cased name and email -> ID
	advertisers map[string]int64 // lower-cased name -> ID
	partners    map[int64]bool
	offers      map[int64]bool
	err         error
}

func (lk *lookups) employee(s string) (any, error) {
	if n, err := parseID(s); err == nil {
		return n, nil // the network's own employee ID, even before employees are imported
	}
	if lk.employees == nil {
		lk.employees = lk.names("SELECT id, name, email FROM employees")
	}
	if id, ok := lk.employees[strings.ToLower(s)]; ok {
		return id, nil
	}
	return nil, fmt.Errorf("no employee is named %q: use the account manager's ID, or sync employees first", s)
}

func (lk *lookups) advertiser(s string) (any, error) {
	if n, err := parseID(s); err == nil {
		return n, nil
	}
	if lk.advertisers == nil {
		lk.advertisers = lk.names("SELECT id, name, '' FROM advertisers")
	}
	if id, ok := lk.advertisers[strings.ToLower(s)]; ok {
		return id, nil
	}
	return nil, fmt.Errorf("no advertiser is named %q: use the advertiser ID, or import advertisers first", s)
}

func (lk *lookups) partner(s string) (any, error) {
	n, err := parseID(s)
	if err != nil {
		return nil, err
	}
	if lk.partners == nil {
		lk.partners = lk.ids("SELECT id FROM partners")
	}
	if !lk.partners[n] {
		return nil, fmt.Errorf("partner %d is not in CommHub: import or sync partners first", n)
	}
	return n, nil
}

func (lk *lookups) offer(s string) (any, error) {
	n, err := parseID(s)
	if err != nil {
		return nil, err
	}
	if lk.offers == nil {
		lk.offers = lk.ids("SELECT id FROM offers")
	}
	if !lk.offers[n] {
		return nil, fmt.Errorf("offer %d is not in CommHub: import or sync offers first", n)
	}
	return n, nil
}

func (lk *lookups) names(q string) map[string]int64 {
	out := map[string]int64{}
	rows, err := lk.db.QueryContext(lk.ctx, q)
	if err != nil {
		lk.err = err
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var a, b string
		if err := rows.Scan(&id, &a, &b); err != nil {
			lk.err = err
			return out
		}
		for _, k := range []string{a, b} {
			if k != "" {
				out[strings.ToLower(k)] = id
			}
		}
	}
	if err := rows.Err(); err != nil {
		lk.err = err
	}
	return out
}

func (lk *lookups) ids(q string) map[int64]bool {
	out := map[int64]bool{}
	rows, err := lk.db.QueryContext(lk.ctx, q)
	if err != nil {
		lk.err = err
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			lk.err = err
			return out
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		lk.err = err
	}
	return out
}
