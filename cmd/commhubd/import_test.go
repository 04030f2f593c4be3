package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"commhub/backend/store"
)

func runImportCmd(t *testing.T, args ...string) (int, map[string]any, string) {
	t.Helper()
	var out, errOut, logOut bytes.Buffer
	importOut, importLog = &out, &logOut
	defer func() { importOut, importLog = os.Stdout, os.Stderr }()
	code := run(append([]string{"import"}, args...), &errOut)
	var res map[string]any
	if out.Len() > 0 {
		if err := json.Unmarshal(out.Bytes(), &res); err != nil {
			t.Fatalf("stdout is not JSON: %v\n%s", err, out.String())
		}
	}
	return code, res, errOut.String() + logOut.String()
}

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "partners.csv")
	csv := "Partner ID,Partner,E-mail,Account Status\n1,One,one@one.example,active\n2,Two,bad-address,active\n3,Three,t@t.example,Sleeping\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	// Flags after FILE work too; the mapping names the non-standard e-mail header.
	code, res, stderr := runImportCmd(t, "--data", data, "--kind", "partners", file, "--mapping", `{"email":"E-mail"}`, "--dry-run")
	if code != 0 || res["inserted"] != 1.0 || res["dryRun"] != true {
		t.Fatalf("dry run: code %d, %v, %s", code, res, stderr)
	}
	code, res, stderr = runImportCmd(t, "--data", data, "--kind", "partners", "--mapping", `{"email":"E-mail"}`, file)
	if code != 0 || res["inserted"] != 1.0 || res["updated"] != 0.0 || res["unchanged"] != 0.0 {
		t.Fatalf("import: code %d, %v", code, res)
	}
	if !strings.Contains(stderr, "3 rows read (100%), 1 inserted, 0 updated, 0 unchanged, 2 rejected") {
		t.Errorf("progress on stderr: %q", stderr)
	}
	errs := res["errors"].([]any)
	if len(errs) != 2 {
		t.Fatalf("errors %v", errs)
	}
	first := errs[0].(map[string]any)
	if first["line"] != 3.0 || first["column"] != "E-mail" || !strings.Contains(first["message"].(string), "bad-address") {
		t.Errorf("first error %v", first)
	}
	code, res, _ = runImportCmd(t, "--data", data, "--kind", "partners", "--mapping", `{"email":"E-mail"}`, file)
	if code != 0 || res["unchanged"] != 1.0 || res["inserted"] != 0.0 {
		t.Fatalf("second import must change nothing: %v", res)
	}
}

func TestImportCommandFailsOnlyWhenNothingCanBeRead(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.csv")
	os.WriteFile(empty, nil, 0o600)
	code, res, stderr := runImportCmd(t, "--data", dir, "--kind", "partners", empty)
	if code != 1 || res != nil || !strings.Contains(stderr, "empty.csv is empty") {
		t.Fatalf("empty file: code %d, %v, %q", code, res, stderr)
	}
	code, _, stderr = runImportCmd(t, "--data", dir, "--kind", "people", empty)
	if code != 2 || !strings.Contains(stderr, "partners, advertisers, offers, approvals, daily_stats") {
		t.Fatalf("unknown kind: code %d, %q", code, stderr)
	}
	code, _, stderr = runImportCmd(t, "--data", dir, "--kind", "partners")
	if code != 2 || !strings.Contains(stderr, "exactly one FILE") {
		t.Fatalf("no file: code %d, %q", code, stderr)
	}
	code, _, stderr = runImportCmd(t, "--data", dir, "--kind", "partners", "--mapping", "{nope", empty)
	if code != 2 || !strings.Contains(stderr, "--mapping") {
		t.Fatalf("bad mapping: code %d, %q", code, stderr)
	}
}

// Importing into a store that holds only the demo says how to choose; --demo keep imports
// next to it, and clearing the demo afterwards keeps the imported partner.
func TestImportCommandAsksAboutTheDemo(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	s, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.SeedDemoIfEmpty(s, time.Now()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	file := filepath.Join(dir, "partners.csv")
	if err := os.WriteFile(file, []byte("Partner ID,Partner\n9001,Mine\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runImportCmd(t, "--data", data, "--kind", "partners", file)
	if code == 0 || !strings.Contains(stderr, "demo network") || !strings.Contains(stderr, "--demo clear or --demo keep") {
		t.Fatalf("import into the demo without --demo: code %d, %s", code, stderr)
	}
	if code, _, stderr = runImportCmd(t, "--data", data, "--kind", "partners", "--demo", "maybe", file); code != 2 || !strings.Contains(stderr, "--demo") {
		t.Fatalf("bad --demo: code %d, %s", code, stderr)
	}
	code, res, stderr := runImportCmd(t, "--data", data, "--kind", "partners", "--demo", "keep", file)
	if code != 0 || res["inserted"] != 1.0 {
		t.Fatalf("--demo keep: code %d, %v, %s", code, res, stderr)
	}
	if s, err = store.Open(data); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := store.ClearDemo(s.DB); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	s.DB.Raw("SELECT id FROM partners").Scan(&ids)
	if len(ids) != 1 || ids[0] != 9001 {
		t.Fatalf("partners after clearing the demo: %v", ids)
	}
}
