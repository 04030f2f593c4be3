package store

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestASecondOpenOfAFolderSaysWhoHoldsIt(t *testing.T) {
	dir := t.TempDir()
	first, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir)
	var inUse *InUseError
	if !errors.As(err, &inUse) {
		t.Fatalf("second open: %v, want the folder in use", err)
	}
	if inUse.PID != os.Getpid() || inUse.Program != Program() {
		t.Errorf("holder %d %q, want %d %q", inUse.PID, inUse.Program, os.Getpid(), Program())
	}
	if !strings.Contains(err.Error(), "is in use by "+Program()) || !strings.Contains(err.Error(), "--data") {
		t.Errorf("message %q does not name the holder and the way out", err)
	}
	first.Close()
	again, err := Open(dir)
	if err != nil {
		t.Fatalf("open after the holder closed: %v", err)
	}
	again.Close()
}
