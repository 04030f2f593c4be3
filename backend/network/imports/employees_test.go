package imports

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// diskFile writes content to a real file and returns it as the importer opens files.
func diskFile(t *testing.T, name, content string) File {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return File{Name: name, Size: int64(len(content)), Open: func() (io.ReadCloser, error) { return os.Open(path) }}
}

// An Everflow partner export names the account manager; a name no employee has becomes a
// new team member instead of rejecting every partner. Cells that are no name at all are
// still rejected, with their line.
func TestAccountManagerNamedInExportBecomesTeamMember(t *testing.T) {
	_, db := openStore(t)
	if _, err := db.Exec("INSERT INTO employees (id, name, email) VALUES (7, 'Mia Manager', 'mia@net.example')"); err != nil {
		t.Fatal(err)
	}
	export := "Partner ID,Partner,Account Status,Email,Account Manager\n" +
		"101,Acme,Active,ops@acme.example,Jordan  Reyes\n" +
		"102,Blue Media,Active,hi@blue.example,mia manager\n" +
		"103,Coral Deals,Pending,c@coral.example,jordan reyes\n" +
		"104,Delta Ads,Active,d@delta.example,#N/A\n" +
		"105,Echo Growth,Active,e@echo.example,Sam O'Neil\n" +
		"106,Falcon,Active,f@falcon.example,\n"
	f := diskFile(t, "everflow-partners.csv", export)

	dry, err := Run(context.Background(), db, f, "partners", Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(dry.CreatedEmployees) != 2 || dry.CreatedEmployees[0].ID != 0 || dry.Inserted != 5 {
		t.Fatalf("dry run: %+v", dry)
	}
	if n := scalar[int](t, db, "SELECT count(*) FROM employees"); n != 1 {
		t.Fatalf("a dry run created employees: %d", n)
	}

	res, err := Run(context.Background(), db, f, "partners", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != 5 || res.ErrorCount != 1 {
		t.Fatalf("import: %+v", res)
	}
	findError(t, res, 5, "Account Manager", `"#N/A" is not a person's name`)
	want := []CreatedEmployee{{ID: localEmployeeIDs, Name: "Jordan Reyes", Line: 2}, {ID: localEmployeeIDs + 1, Name: "Sam O'Neil", Line: 6}}
	if len(res.CreatedEmployees) != 2 || res.CreatedEmployees[0] != want[0] || res.CreatedEmployees[1] != want[1] {
		t.Fatalf("created employees %+v, want %+v", res.CreatedEmployees, want)
	}
	for id, manager := range map[int]string{101: "Jordan Reyes", 102: "Mia Manager", 103: "Jordan Reyes", 105: "Sam O'Neil"} {
		got := scalar[string](t, db, "SELECT e.name FROM partners p JOIN employees e ON e.id = p.account_manager_id WHERE p.id = ?", id)
		if got != manager {
			t.Errorf("partner %d: manager %q, want %q", id, got, manager)
		}
	}
	if n := scalar[int](t, db, "SELECT count(*) FROM partners WHERE id = 106 AND account_manager_id IS NULL"); n != 1 {
		t.Error("an empty account manager cell must import without one")
	}

	again, err := Run(context.Background(), db, f, "partners", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.CreatedEmployees) != 0 || again.Unchanged != 5 || scalar[int](t, db, "SELECT count(*) FROM employees") != 3 {
		t.Fatalf("importing the file again must find the people it added: %+v", again)
	}
}

// Mapping the account manager column away imports the partners without creating anyone.
func TestAccountManagerColumnMappedAwayCreatesNobody(t *testing.T) {
	_, db := openStore(t)
	f := diskFile(t, "p.csv", "Partner ID,Partner,Account Manager\n1,One,Jordan Reyes\n2,Two,#N/A\n")
	res, err := Run(context.Background(), db, f, "partners", Options{Mapping: Mapping{"accountManager": ""}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != 2 || res.ErrorCount != 0 || len(res.CreatedEmployees) != 0 {
		t.Fatalf("import: %+v", res)
	}
	if n := scalar[int](t, db, "SELECT count(*) FROM employees"); n != 0 {
		t.Fatalf("%d employees created", n)
	}
}

// A demo team member who happens to share the name is not the user's account manager.
func TestAccountManagerNeverResolvesToTheDemoTeam(t *testing.T) {
	_, db := openStore(t)
	if _, err := db.Exec("INSERT INTO employees (id, name, email, demo) VALUES (2, 'Tom Becker', 'tom.becker@network.example.com', 1)"); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), db, diskFile(t, "p.csv", "Partner ID,Partner,Account Manager\n1,One,Tom Becker\n"), "partners", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.CreatedEmployees) != 1 || scalar[int64](t, db, "SELECT account_manager_id FROM partners WHERE id = 1") != localEmployeeIDs {
		t.Fatalf("import: %+v", res)
	}
}

// Two imports at once that each add a team member take different IDs: the next free ID is
// read inside the transaction that holds the store's write lock.
func TestParallelImportsCreateEmployeesWithDistinctIDs(t *testing.T) {
	_, db := openStore(t)
	files := []File{
		diskFile(t, "a.csv", "Partner ID,Partner,Account Manager\n1,One,Ada Lovelace\n2,Two,Ada Lovelace\n"),
		diskFile(t, "b.csv", "Partner ID,Partner,Account Manager\n3,Three,Grace Hopper\n4,Four,Grace Hopper\n"),
	}
	errs := make(chan error, len(files))
	for _, f := range files {
		go func(f File) {
			_, err := Run(context.Background(), db, f, "partners", Options{BatchSize: 1})
			errs <- err
		}(f)
	}
	for range files {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n := scalar[int](t, db, "SELECT count(DISTINCT id) FROM employees"); n != 2 {
		t.Fatalf("%d employees, want Ada and Grace with their own IDs", n)
	}
	for id, name := range map[int]string{1: "Ada Lovelace", 2: "Ada Lovelace", 3: "Grace Hopper", 4: "Grace Hopper"} {
		got := scalar[string](t, db, "SELECT e.name FROM partners p JOIN employees e ON e.id = p.account_manager_id WHERE p.id = ?", id)
		if got != name {
			t.Errorf("partner %d: manager %q, want %q", id, got, name)
		}
	}
}
