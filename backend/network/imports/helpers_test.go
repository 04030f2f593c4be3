package imports

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"commhub/backend/store"
	"commhub/backend/store/storetest"
)

func openStore(t testing.TB) (*store.Store, *sql.DB) {
	t.Helper()
	s := storetest.Open(t)
	db, err := s.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	return s, db
}

func run(t *testing.T, db *sql.DB, kind, name, content string, opt Options) *Result {
	t.Helper()
	res, err := Run(context.Background(), db, BytesFile(name, []byte(content)), kind, opt)
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return res
}

func counts(r *Result) [3]int { return [3]int{r.Inserted, r.Updated, r.Unchanged} }

// findError returns the first error on line, or fails.
func findError(t *testing.T, r *Result, line int, column, contains string) RowError {
	t.Helper()
	for _, e := range r.Errors {
		if e.Line == line && e.Column == column && strings.Contains(e.Message, contains) {
			return e
		}
	}
	t.Fatalf("no error on line %d column %q containing %q; errors: %+v", line, column, contains, r.Errors)
	return RowError{}
}

func scalar[T any](t *testing.T, db *sql.DB, q string, args ...any) T {
	t.Helper()
	var v T
	if err := db.QueryRow(q, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

const everflowPartners = "Partner ID,Partner,Account Status,Email,Labels,Country,Account Manager ID,Created\n" +
	"101,\"Acme, Inc.\",Active,ops@acme.example,\"vip, email\",us,7,2025-01-15\n" +
	"102,Blue Media,pending,hello@blue.example,,DE,,03/04/2025\n" +
	"103,\"Multi\nLine Co\",inactive,ml@multi.example,email,FR,7,15.03.2025\n"
