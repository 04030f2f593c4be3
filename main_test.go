package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"commhub/backend/model"
	"commhub/backend/store"
)

func TestParseFlags(t *testing.T) {
	t.Setenv("COMMHUB_DATA", "")
	cfg, err := parseFlags([]string{"--data", "/srv/commhub", "--no-demo"}, io.Discard)
	if err != nil || cfg.dataDir != "/srv/commhub" || !cfg.noDemo {
		t.Fatalf("got %+v, %v", cfg, err)
	}
	cfg, err = parseFlags([]string{"-data=/x"}, io.Discard)
	if err != nil || cfg.dataDir != "/x" || cfg.noDemo {
		t.Fatalf("single dash: got %+v, %v", cfg, err)
	}
}

func TestParseFlagsDataFallbacks(t *testing.T) {
	t.Setenv("COMMHUB_DATA", "/from/env")
	cfg, err := parseFlags(nil, io.Discard)
	if err != nil || cfg.dataDir != "/from/env" {
		t.Fatalf("COMMHUB_DATA: got %+v, %v", cfg, err)
	}
	cfg, err = parseFlags([]string{"--data", "/from/flag"}, io.Discard)
	if err != nil || cfg.dataDir != "/from/flag" {
		t.Fatalf("--data must win over COMMHUB_DATA: got %+v, %v", cfg, err)
	}
	t.Setenv("COMMHUB_DATA", "")
	base, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err = parseFlags(nil, io.Discard)
	if err != nil || cfg.dataDir != filepath.Join(base, "CommHub") {
		t.Fatalf("default folder: got %+v, %v", cfg, err)
	}
}

func TestParseFlagsRejectsMistakes(t *testing.T) {
	if _, err := parseFlags([]string{"--dat", "x"}, io.Discard); err == nil || !strings.Contains(err.Error(), "dat") {
		t.Errorf("unknown flag: error %v should name it", err)
	}
	if _, err := parseFlags([]string{"--data"}, io.Discard); err == nil {
		t.Error("--data without a folder must fail")
	}
	if _, err := parseFlags([]string{"stray"}, io.Discard); err == nil || !strings.Contains(err.Error(), `"stray"`) {
		t.Errorf("stray argument: error %v should name it", err)
	}
	if _, err := parseFlags([]string{"-h"}, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: got %v, want flag.ErrHelp", err)
	}
}

func TestInstanceIDPerDataFolder(t *testing.T) {
	a, b := instanceID("/data/one"), instanceID("/data/two")
	if a == b {
		t.Fatal("two data folders must not share a single-instance lock")
	}
	if a != instanceID("/data/one/") {
		t.Error("the same folder spelt differently must share the lock")
	}
	for _, r := range a {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			t.Fatalf("%q has %q, which a D-Bus name rejects", a, r)
		}
	}
}

func TestRunningSendsAsksOnlyWhileASendRuns(t *testing.T) {
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	busy := runningSends(s.DB)
	if got := busy(); got != "" {
		t.Fatalf("empty store: got %q, want no question", got)
	}
	// Runs are written without messages (the runs table has no foreign key to them):
	// this test is about the question, not about sending.
	for i, status := range []string{model.RunPaused, model.RunRunning, model.RunRunning} {
		if err := s.DB.Create(&model.Run{MessageID: int64(i + 1), ProfileID: 1, Status: status}).Error; err != nil {
			t.Fatal(err)
		}
		want := map[int]string{0: "", 1: "A send is running", 2: "2 sends are running"}[i]
		if got := busy(); got != want {
			t.Errorf("after run %d (%s): got %q, want %q", i+1, status, got, want)
		}
	}
}

// A second start of the app on a folder its first window holds hands over to that window;
// any other holder is reported.
func TestOnlyAnotherWindowOfThisAppIsFocusedInstead(t *testing.T) {
	dir := t.TempDir()
	if otherWindow(&store.InUseError{Dir: dir, PID: 42, Program: store.Program()}) != true {
		t.Error("the folder held by this app's own program is not handed over to its window")
	}
	for _, err := range []error{
		&store.InUseError{Dir: dir, PID: 42, Program: "commhubd web"},
		&store.InUseError{Dir: dir},
		errors.New("the database is damaged"),
		nil,
	} {
		if otherWindow(err) {
			t.Errorf("%v is handed over to a window instead of being reported", err)
		}
	}
}
