package api_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"commhub/backend/network/everflow/everflowtest"
	"commhub/backend/store"
)

type demoSummary struct {
	Partners          int64
	Demo              bool
	OwnData           bool
	DemoChoicePending bool
	DemoRows          struct{ Partners, Employees, Approvals, Stats int64 }
}

func seededBridge(t *testing.T) (bridge, *store.Store) {
	t.Helper()
	b, st := newBridge(t)
	if _, err := store.SeedDemoIfEmpty(st, time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	return b, st
}

func rows(t *testing.T, st *store.Store, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := st.DB.Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// Partners imported into a store that still shows the demo stay when the demo is cleared,
// and so does a demo partner the file wrote over, even with the very values it had.
func TestClearDemoKeepsImportedPartners(t *testing.T) {
	b, st := seededBridge(t)
	var sum demoSummary
	b.must(&sum, "Network.Summary")
	if !sum.Demo || sum.OwnData || !sum.DemoChoicePending || sum.DemoRows.Partners != 420 {
		t.Fatalf("a fresh demo store: %+v", sum)
	}
	var name, email string
	st.DB.Raw("SELECT name, email FROM partners WHERE id = 5002").Row().Scan(&name, &email)
	csv := fmt.Sprintf("Partner ID,Partner,Email\n9001,My Own Partner,own@agency.co\n5002,\"%s\",%s\n", strings.ReplaceAll(name, `"`, `""`), email)
	file := map[string]any{"fileName": "mine.csv", "contentBase64": base64.StdEncoding.EncodeToString([]byte(csv))}

	if err := b.call(nil, "Imports.Run", "partners", file, nil, false, ""); err == nil || err.Code != "conflict" || !strings.Contains(err.Message, "demo") {
		t.Fatalf("the first import into the demo must ask what to do with it first: %v", err)
	}
	if err := b.call(nil, "Imports.Run", "partners", file, nil, false, "later"); err == nil || err.Code != "invalid" {
		t.Fatalf("an unknown choice: %v", err)
	}
	var res struct{ Inserted, Updated, Unchanged int }
	b.must(&res, "Imports.Run", "partners", file, nil, true, "")
	if res.Inserted != 1 || res.Updated != 1 || res.Unchanged != 0 {
		t.Fatalf("dry run (no question): a demo row is never unchanged: %+v", res)
	}
	b.must(&res, "Imports.Run", "partners", file, nil, false, "keep")
	if res.Inserted != 1 || res.Updated != 1 || res.Unchanged != 0 {
		t.Fatalf("import keeping the demo: %+v", res)
	}
	b.must(&sum, "Network.Summary")
	if !sum.Demo || !sum.OwnData || sum.DemoChoicePending || sum.DemoRows.Partners != 419 || sum.Partners != 421 {
		t.Fatalf("demo next to the user's rows: %+v", sum)
	}
	b.must(&res, "Imports.Run", "partners", file, nil, false, "")
	if res.Unchanged != 2 {
		t.Fatalf("a second import asks nothing and changes nothing: %+v", res)
	}

	b.must(nil, "Network.ClearDemo")
	if got := rows(t, st, "SELECT count(*) FROM partners"); got != 2 {
		t.Fatalf("clearing the demo left %d partners, want the 2 imported", got)
	}
	if got := rows(t, st, "SELECT count(*) FROM partners WHERE id IN (9001, 5002)"); got != 2 {
		t.Fatalf("the imported partners are gone")
	}
	for _, table := range []string{"employees", "advertisers", "offers", "approvals", "daily_stats"} {
		if got := rows(t, st, "SELECT count(*) FROM "+table); got != 0 {
			t.Errorf("%s: %d demo rows left", table, got)
		}
	}
	b.must(&sum, "Network.Summary")
	if sum.Demo || !sum.OwnData || sum.DemoChoicePending {
		t.Fatalf("after clearing: %+v", sum)
	}
}

// An import that chooses "clear" removes the demo before it writes.
func TestImportCanClearTheDemoFirst(t *testing.T) {
	b, st := seededBridge(t)
	file := map[string]any{"fileName": "mine.csv", "contentBase64": base64.StdEncoding.EncodeToString([]byte("Partner ID,Partner\n77,Seventy-Seven\n"))}
	// A file that cannot be imported leaves the demo as it was.
	bad := map[string]any{"fileName": "bad.csv", "contentBase64": base64.StdEncoding.EncodeToString([]byte("Ref,Who\n1,x\n"))}
	if err := b.call(nil, "Imports.Run", "partners", bad, nil, false, "clear"); err == nil || err.Code != "invalid" {
		t.Fatalf("unmapped file: %v", err)
	}
	if got := rows(t, st, "SELECT count(*) FROM partners WHERE demo = 1"); got != 420 {
		t.Fatalf("a refused file cleared the demo: %d demo partners left", got)
	}
	var res struct{ Inserted int }
	b.must(&res, "Imports.Run", "partners", file, nil, false, "clear")
	if res.Inserted != 1 || rows(t, st, "SELECT count(*) FROM partners") != 1 || rows(t, st, "SELECT count(*) FROM daily_stats") != 0 {
		t.Fatalf("import after clearing: %+v", res)
	}
}

// A sync into the demo asks first too; what it writes over becomes the user's.
func TestSyncKeepingTheDemoOwnsWhatItWrites(t *testing.T) {
	b, st := seededBridge(t)
	fx := everflowtest.New(12, 3)
	defer fx.Close()
	b.must(nil, "Sync.Configure", everflowtest.APIKey, "trk.example.com", fx.Base())
	if err := b.call(nil, "Sync.Run", "2026-11-27", "2026-11-28", ""); err == nil || err.Code != "conflict" {
		t.Fatalf("the first sync into the demo must ask: %v", err)
	}
	b.must(nil, "Sync.Run", "2026-11-27", "2026-11-28", "keep")
	// The fixture's employees 3 and 4 share their IDs with demo employees.
	b.must(nil, "Network.ClearDemo")
	if got := rows(t, st, "SELECT count(*) FROM employees WHERE id IN (3, 4) AND email LIKE '%@network.example'"); got != 2 {
		t.Fatalf("synced employees over demo IDs must survive clearing, found %d", got)
	}
	if got := rows(t, st, "SELECT count(*) FROM employees"); got != 2 {
		t.Fatalf("employees after clearing: %d, want the 2 synced", got)
	}
	if got := rows(t, st, "SELECT count(*) FROM partners"); got != 12 {
		t.Fatalf("partners after clearing: %d, want the 12 synced", got)
	}
}
