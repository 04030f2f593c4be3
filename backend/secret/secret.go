// Package secret keeps passwords out of the database: in the OS keyring when one is
// reachable, otherwise in a file only the user can read, with a warning the UI shows.
package secret

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// Service is the keyring service name every CommHub secret is filed under.
const Service = "CommHub"

// FileName is the fallback file inside the data folder.
const FileName = "secrets.json"

// ErrNotFound means no secret is stored under the key.
var ErrNotFound = errors.New("secret not found")

// probeTimeout bounds the keyring check: a session bus without a secret service can
// take long to answer, and start-up must not hang on it.
const probeTimeout = 3 * time.Second

// Store reads and writes secrets.
type Store struct {
	mu      sync.Mutex
	once    sync.Once
	dir     string
	path    string // fallback file; empty while the keyring is used
	warning string
}

// Open returns a Store backed by the OS keyring when it answers, else by a 0600 file in
// dir. The keyring is probed on first use, so opening costs nothing at start-up.
func Open(dir string) *Store { return &Store{dir: dir} }

// init decides between keyring and file once.
func (s *Store) init() {
	s.once.Do(func() {
		if s.path != "" {
			return
		}
		if err := probe(); err != nil {
			f := openFile(s.dir, err)
			s.path, s.warning = f.path, f.warning
		}
	})
}

// OpenFile returns a Store that uses the fallback file even if a keyring exists
// (for tests and for users who ask for it).
func OpenFile(dir string) *Store { return openFile(dir, errors.New("file store requested")) }

func openFile(dir string, cause error) *Store {
	path := filepath.Join(dir, FileName)
	return &Store{dir: dir, path: path, warning: fmt.Sprintf(
		"No system keyring is available (%v). SMTP passwords are kept in %s, readable only by your user account. Install and unlock a keyring (e.g. GNOME Keyring or KWallet) to store them there instead.",
		cause, path)}
}

func probe() error {
	done := make(chan error, 1)
	go func() {
		_, err := keyring.Get(Service, "probe")
		if errors.Is(err, keyring.ErrNotFound) {
			err = nil
		}
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(probeTimeout):
		return errors.New("the keyring did not answer")
	}
}

// Warning is empty when secrets are in the OS keyring, otherwise it says where they are.
func (s *Store) Warning() string {
	s.init()
	return s.warning
}

// Backend names where secrets live: "keyring" or "file".
func (s *Store) Backend() string {
	s.init()
	if s.path == "" {
		return "keyring"
	}
	return "file"
}

// Set stores value under key.
func (s *Store) Set(key, value string) error {
	s.init()
	if s.path == "" {
		if err := keyring.Set(Service, key, value); err != nil {
			return fmt.Errorf("save %s in the system keyring: %v", key, err)
		}
		return nil
	}
	return s.update(func(m map[string]string) { m[key] = value })
}

// Get returns the secret under key, or ErrNotFound.
func (s *Store) Get(key string) (string, error) {
	s.init()
	if s.path == "" {
		v, err := keyring.Get(Service, key)
		if errors.Is(err, keyring.ErrNotFound) {
			return "", ErrNotFound
		}
		if err != nil {
			return "", fmt.Errorf("read %s from the system keyring: %v", key, err)
		}
		return v, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.load()
	if err != nil {
		return "", err
	}
	v, ok := m[key]
	if !ok {
		return "", ErrNotFound
	}
	return v, nil
}

// Delete removes key; deleting a missing key is not an error.
func (s *Store) Delete(key string) error {
	s.init()
	if s.path == "" {
		err := keyring.Delete(Service, key)
		if err != nil && !errors.Is(err, keyring.ErrNotFound) {
			return fmt.Errorf("delete %s from the system keyring: %v", key, err)
		}
		return nil
	}
	return s.update(func(m map[string]string) { delete(m, key) })
}

// update changes the fallback file under the lock, so two saves cannot lose each other's
// change between load and save.
func (s *Store) update(change func(map[string]string)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.load()
	if err != nil {
		return err
	}
	change(m)
	return s.save(m)
}

func (s *Store) load() (map[string]string, error) {
	m := map[string]string{}
	b, err := os.ReadFile(s.path)
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the secrets file %s: %v", s.path, err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("the secrets file %s is damaged (%v): delete it and enter the SMTP passwords again", s.path, err)
	}
	return m, nil
}

// save writes through a temporary file so a crash never leaves half a file.
func (s *Store) save(m map[string]string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return fmt.Errorf("create the data folder for %s: %v", s.path, err)
	}
	tmp := s.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("write the secrets file %s: %v", tmp, err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, s.path)
}
