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
	// newEmployees are the people named in the file whom no employee matches, by
	// normalised name: each is created once, by the first batch that refers to them.
	newEmployees map[string]*newEmployee
	line         int // the line being read, for messages
	err          error
}

// employee resolves an account manager: the network's own employee ID is taken as it is
// (even before employees are synced), a name or e-mail is looked up among the user's team,
// and a name nobody has yet becomes a new team member.
func (lk *lookups) employee(s string) (any, error) {
	if n, err := parseID(s); err == nil {
		return n, nil
	}
	// The demo's made-up team never stands in for a real person of the same name.
	if id, ok := lk.find(s, &lk.employees, "SELECT id, name, email FROM employees WHERE demo = 0"); ok {
		return id, nil
	}
	return lk.newEmployee(s)
}

func (lk *lookups) advertiser(s string) (any, error) {
	return lk.named(s, &lk.advertisers, "SELECT id, name, '' FROM advertisers",
		"no advertiser is named %q: use the advertiser ID, or import advertisers first")
}

func (lk *lookups) partner(s string) (any, error) {
	return lk.known(s, &lk.partners, "SELECT id FROM partners", "partner")
}

func (lk *lookups) offer(s string) (any, error) {
	return lk.known(s, &lk.offers, "SELECT id FROM offers", "offer")
}

// named takes an ID as it is, or looks s up case-blind among the id, name, e-mail rows q
// reads into *cache on first use; unknown says (with %q for s) what to do instead.
func (lk *lookups) named(s string, cache *map[string]int64, q, unknown string) (any, error) {
	if n, err := parseID(s); err == nil {
		return n, nil
	}
	if id, ok := lk.find(s, cache, q); ok {
		return id, nil
	}
	return nil, fmt.Errorf(unknown, s)
}

// find looks s up case-blind among the id, name, e-mail rows q reads into *cache on first use.
func (lk *lookups) find(s string, cache *map[string]int64, q string) (int64, bool) {
	if *cache == nil {
		m := map[string]int64{}
		var id int64
		var name, email string
		lk.scan(q, []any{&id, &name, &email}, func() {
			for _, k := range []string{name, email} {
				if k != "" {
					m[lookupKey(k)] = id
				}
			}
		})
		*cache = m
	}
	id, ok := (*cache)[lookupKey(s)]
	return id, ok
}

// lookupKey compares names blind to case and to runs of blanks ("Jordan  Reyes").
func lookupKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// known parses s as an ID and checks it against the IDs q reads into *cache on first use.
func (lk *lookups) known(s string, cache *map[int64]bool, q, what string) (any, error) {
	n, err := parseID(s)
	if err != nil {
		return nil, err
	}
	if *cache == nil {
		m := map[int64]bool{}
		var id int64
		lk.scan(q, []any{&id}, func() { m[id] = true })
		*cache = m
	}
	if !(*cache)[n] {
		return nil, fmt.Errorf("%s %d is not in CommHub: import or sync %ss first", what, n, what)
	}
	return n, nil
}

// scan runs q, scans each row into dest and calls add. A failure is kept in lk.err (the
// import loop checks it after every row) and leaves what was read so far.
func (lk *lookups) scan(q string, dest []any, add func()) {
	rows, err := lk.db.QueryContext(lk.ctx, q)
	if err != nil {
		lk.err = err
		return
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			lk.err = err
			return
		}
		add()
	}
	if err := rows.Err(); err != nil {
		lk.err = err
	}
}
