package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"commhub/backend/store"
)

// fsImmutableFlag is FS_IMMUTABLE_FL of linux/fs.h, which x/sys/unix does not export.
const fsImmutableFlag = 0x00000010

// makeReadOnly makes path read-only in a way that holds for root too, since tests run as
// root where file modes do not stop a write: the immutable attribute refuses writes to
// everyone. Other users get a plain chmod.
func makeReadOnly(t *testing.T, path string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(path, 0o400); err != nil {
			t.Fatal(err)
		}
		return
	}
	setImmutable(t, path, true)
	t.Cleanup(func() { setImmutable(t, path, false) })
}

func setImmutable(t *testing.T, path string, on bool) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	flags, err := unix.IoctlGetUint32(int(f.Fd()), unix.FS_IOC_GETFLAGS)
	if err != nil {
		t.Fatalf("reading file attributes of %s: %v", path, err)
	}
	if on {
		flags |= fsImmutableFlag
	} else {
		flags &^= fsImmutableFlag
	}
	if err := unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, int(flags)); err != nil {
		t.Fatalf("setting the immutable attribute on %s (needs CAP_LINUX_IMMUTABLE and ext4/xfs/btrfs): %v", path, err)
	}
}

func TestAReadOnlyStoreIsExplainedAtStart(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	path := filepath.Join(dir, store.FileName)
	makeReadOnly(t, path)
	if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
		f.Close()
		t.Fatal("the file is still writable: the test would prove nothing")
	}
	err = startErr(t, dir)
	if !strings.Contains(err.Error(), "is read-only") || !strings.Contains(err.Error(), "write access") {
		t.Errorf("%q does not explain the read-only database", err)
	}
}
