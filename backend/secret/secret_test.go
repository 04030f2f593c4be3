package secret

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"
)

func TestKeyringRoundTrip(t *testing.T) {
	keyring.MockInit()
	s := Open(t.TempDir())
	if s.Backend() != "keyring" || s.Warning() != "" {
		t.Fatalf("with a working keyring: backend %q warning %q", s.Backend(), s.Warning())
	}
	exercise(t, s)
}

func TestFallbackWhenKeyringFails(t *testing.T) {
	keyring.MockInitWithError(errors.New("no secret service on the session bus"))
	dir := t.TempDir()
	s := Open(dir)
	if s.Backend() != "file" {
		t.Fatalf("backend = %q, want file", s.Backend())
	}
	if !strings.Contains(s.Warning(), "no secret service") || !strings.Contains(s.Warning(), FileName) {
		t.Fatalf("warning does not say why and where: %q", s.Warning())
	}
	exercise(t, s)
	if err := s.Set("smtp-profile-9", "p@ss"); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("secrets file mode %v, want 0600", fi.Mode().Perm())
	}
	// A second store on the same folder sees what the first wrote.
	if v, err := OpenFile(dir).Get("smtp-profile-9"); err != nil || v != "p@ss" {
		t.Fatalf("reopened: %q %v", v, err)
	}
}

func TestDamagedFileSaysHowToFix(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := OpenFile(dir).Get("x")
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("err = %v, want a damaged-file message", err)
	}
}

func exercise(t *testing.T, s *Store) {
	t.Helper()
	if _, err := s.Get("smtp-profile-1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing key: err = %v, want ErrNotFound", err)
	}
	if err := s.Set("smtp-profile-1", "secret one"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("smtp-profile-2", "secret two"); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Get("smtp-profile-1"); err != nil || v != "secret one" {
		t.Fatalf("get: %q %v", v, err)
	}
	if err := s.Delete("smtp-profile-1"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("smtp-profile-1"); err != nil {
		t.Fatalf("deleting twice: %v", err)
	}
	if _, err := s.Get("smtp-profile-1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: err = %v", err)
	}
	if v, _ := s.Get("smtp-profile-2"); v != "secret two" {
		t.Fatalf("other key lost: %q", v)
	}
}

// Two data folders that both have a profile 1 keep their own passwords in the one keyring.
func TestFoldersKeepSeparateKeyringEntries(t *testing.T) {
	keyring.MockInit()
	real, scratch := Open(t.TempDir()), Open(t.TempDir())
	if err := real.Set("smtp-profile-1", "real password"); err != nil {
		t.Fatal(err)
	}
	if _, err := scratch.Get("smtp-profile-1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a new folder reads another folder's password: %v", err)
	}
	if err := scratch.Set("smtp-profile-1", "scratch password"); err != nil {
		t.Fatal(err)
	}
	if err := scratch.Delete("smtp-profile-1"); err != nil {
		t.Fatal(err)
	}
	if v, err := real.Get("smtp-profile-1"); err != nil || v != "real password" {
		t.Fatalf("the scratch folder changed the real folder's password: %q %v", v, err)
	}
}

func TestTheDefaultFolderAdoptsUnnamedEntriesOnce(t *testing.T) {
	keyring.MockInit()
	if err := keyring.Set(Service, "smtp-profile-1", "old"); err != nil {
		t.Fatal(err)
	}
	other := Open(t.TempDir())
	if _, err := other.Get("smtp-profile-1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a folder that is not the default took an unnamed entry: %v", err)
	}
	def := Open(t.TempDir())
	def.AdoptUnnamed = true
	if v, err := def.Get("smtp-profile-1"); err != nil || v != "old" {
		t.Fatalf("adopt: %q %v", v, err)
	}
	if _, err := keyring.Get(Service, "smtp-profile-1"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("the unnamed entry is still there for others to take: %v", err)
	}
	if v, err := def.Get("smtp-profile-1"); err != nil || v != "old" {
		t.Fatalf("after adoption: %q %v", v, err)
	}
}

func TestFolderIdentityIsStableAndChecked(t *testing.T) {
	dir := t.TempDir()
	a, err := FolderID(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := FolderID(dir); err != nil || b != a {
		t.Fatalf("second read %q %v, want %q", b, err, a)
	}
	if c, _ := FolderID(t.TempDir()); c == a {
		t.Fatal("two folders got the same identity")
	}
	os.WriteFile(filepath.Join(dir, IDFile), []byte("junk"), 0o600)
	if _, err := FolderID(dir); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("damaged identity: %v", err)
	}
}

// Two stores on one folder's secrets file share its lock: no save loses another's key.
func TestTwoStoresOnOneFileLoseNothing(t *testing.T) {
	dir := t.TempDir()
	stores := []*Store{OpenFile(dir), OpenFile(dir)}
	var wg sync.WaitGroup
	for i, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 100 {
				if err := s.Set(fmt.Sprintf("key-%d-%d", i, k), "v"); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	for i := range stores {
		for k := range 100 {
			if _, err := stores[0].Get(fmt.Sprintf("key-%d-%d", i, k)); err != nil {
				t.Fatalf("key-%d-%d was lost: %v", i, k, err)
			}
		}
	}
}
