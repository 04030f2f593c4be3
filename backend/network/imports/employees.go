package imports

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CreatedEmployee is a team member an import added because the file named them as an
// account manager and no employee had that name. ID is 0 in a dry run (nothing is created).
type CreatedEmployee struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Line is the first line of the file that names them.
	Line int `json:"line"`
}

// localEmployeeIDs is where IDs of team members created by an import start. Employee IDs
// are the network's own (a later sync brings them), so people CommHub adds itself take
// numbers far above any the network hands out, where the two cannot collide.
const localEmployeeIDs = 900_000_001

// maxNameLen bounds a person's name, so a stray paragraph is rejected rather than hired.
const maxNameLen = 100

// newEmployee is a person named in the file whom no employee matches. It stands in for
// their ID in a row's values until the batch that first refers to them stores them.
type newEmployee struct {
	name string
	line int
	id   int64 // 0 until stored
	done bool  // reported in the result
}

// Value binds the stored employee's ID.
func (e *newEmployee) Value() (driver.Value, error) {
	if e.id == 0 {
		return nil, fmt.Errorf("employee %q is not stored yet", e.name)
	}
	return e.id, nil
}

// newEmployee checks that s can be a person's name and returns the one stand-in for it.
func (lk *lookups) newEmployee(s string) (any, error) {
	name := strings.Join(strings.Fields(s), " ")
	if strings.Contains(name, "@") {
		return nil, fmt.Errorf("no employee has the e-mail %q: use the account manager's name (CommHub adds them to your team), their ID, or sync employees first", s)
	}
	if err := checkPersonName(name); err != nil {
		return nil, err
	}
	key := lookupKey(name)
	if e, ok := lk.newEmployees[key]; ok {
		return e, nil
	}
	if lk.newEmployees == nil {
		lk.newEmployees = map[string]*newEmployee{}
	}
	e := &newEmployee{name: name, line: lk.line}
	lk.newEmployees[key] = e
	return e, nil
}

// checkPersonName accepts what people are called ("Marcus O'Neil", "Anne-Marie Dubois",
// "J. Smith", "Łukasz") and refuses what only looks like a cell gone wrong ("#N/A", "-",
// "12.5%", a formula).
func checkPersonName(name string) error {
	const how = "an account manager is a team member's name (letters, spaces and . ' -), e-mail or ID"
	if utf8.RuneCountInString(name) > maxNameLen {
		return fmt.Errorf("%q is too long for a person's name (at most %d characters): %s", name, maxNameLen, how)
	}
	for i, r := range name {
		letter := unicode.IsLetter(r)
		if i == 0 && !letter {
			return fmt.Errorf("%q is not a person's name: %s", name, how)
		}
		if !letter && !unicode.Is(unicode.Mn, r) && !unicode.IsDigit(r) && !strings.ContainsRune(" .'’-()", r) {
			return fmt.Errorf("%q is not a person's name (%q is not allowed): %s", name, r, how)
		}
	}
	return nil
}

// pendingIn lists the new employees that rows refer to and that are not stored yet.
func (lk *lookups) pendingIn(rows [][]any) []*newEmployee {
	if len(lk.newEmployees) == 0 {
		return nil
	}
	var out []*newEmployee
	seen := map[*newEmployee]bool{}
	for _, r := range rows {
		for _, v := range r {
			if e, ok := v.(*newEmployee); ok && e.id == 0 && !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	return out
}

// storeEmployees creates the new employees rows refer to, inside the batch's transaction:
// the transaction holds the store's write lock, so the next free ID it reads stays free.
// It returns those it created; on rollback the caller forgets their IDs.
func (lk *lookups) storeEmployees(ctx context.Context, tx *sql.Tx, rows [][]any) ([]*newEmployee, error) {
	todo := lk.pendingIn(rows)
	if len(todo) == 0 {
		return nil, nil
	}
	var next int64
	err := tx.QueryRowContext(ctx, "SELECT max(coalesce(max(id), 0) + 1, ?) FROM employees", localEmployeeIDs).Scan(&next)
	if err != nil {
		return nil, fmt.Errorf("create employees: %w", err)
	}
	for _, e := range todo {
		if _, err := tx.ExecContext(ctx, "INSERT INTO employees (id, name, email, role, demo) VALUES (?, ?, '', 'Account Manager', 0)", next, e.name); err != nil {
			forget(todo)
			return nil, fmt.Errorf("create employee %s: %w", e.name, err)
		}
		e.id = next
		next++
	}
	return todo, nil
}

// forget undoes storeEmployees' IDs after its transaction rolled back.
func forget(list []*newEmployee) {
	for _, e := range list {
		e.id = 0
	}
}

// report adds the employees to the result once each.
func report(res *Result, list []*newEmployee) {
	for _, e := range list {
		if !e.done {
			e.done = true
			res.CreatedEmployees = append(res.CreatedEmployees, CreatedEmployee{ID: e.id, Name: e.name, Line: e.line})
		}
	}
}
