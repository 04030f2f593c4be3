package imports

import (
	"context"
	"strings"
	"testing"
)

// References by name are resolved case-blind against what the store holds; an ID is taken
// as it is, and a name nobody has is rejected with what to do instead.
func TestLookupsResolveNamesAndCheckIDs(t *testing.T) {
	_, db := openStore(t)
	for _, q := range []string{
		"INSERT INTO employees (id, name, email) VALUES (7, 'Mia Manager', 'mia@net.example')",
		"INSERT INTO advertisers (id, name, status) VALUES (40, 'Acme Health', 'active')",
		"INSERT INTO partners (id, name, email, status) VALUES (101, 'Blue Media', 'hello@blue.example', 'active')",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	lk := &lookups{ctx: context.Background(), db: db}
	for _, c := range []struct {
		name string
		fn   func(string) (any, error)
		in   string
		want int64
	}{
		{"employee by name", lk.employee, "mia manager", 7},
		{"employee by e-mail", lk.employee, "MIA@net.example", 7},
		{"employee by ID not yet imported", lk.employee, "12", 12},
		{"advertiser by name", lk.advertiser, "ACME HEALTH", 40},
		{"known partner ID", lk.partner, "101", 101},
	} {
		got, err := c.fn(c.in)
		if err != nil || got != c.want {
			t.Errorf("%s %q: got %v, %v; want %d", c.name, c.in, got, err, c.want)
		}
	}
	for _, c := range []struct {
		fn   func(string) (any, error)
		in   string
		want string
	}{
		{lk.employee, "nobody@net.example", `no employee has the e-mail "nobody@net.example": use the account manager's name (CommHub adds them to your team), their ID, or sync employees first`},
		{lk.employee, "#N/A", `"#N/A" is not a person's name: an account manager is a team member's name (letters, spaces and . ' -), e-mail or ID`},
		{lk.advertiser, "", `no advertiser is named "": use the advertiser ID, or import advertisers first`},
		{lk.partner, "102", "partner 102 is not in CommHub: import or sync partners first"},
		{lk.offer, "5", "offer 5 is not in CommHub: import or sync offers first"},
	} {
		if _, err := c.fn(c.in); err == nil || err.Error() != c.want {
			t.Errorf("%q: got %v, want %s", c.in, err, c.want)
		}
	}
	if _, err := lk.partner("abc"); err == nil || !strings.Contains(err.Error(), "abc") {
		t.Errorf("a partner reference that is not a number: %v", err)
	}
	if lk.err != nil {
		t.Fatal(lk.err)
	}
}
