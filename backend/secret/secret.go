// Package secret keeps passwords out of the database: in the OS keyring when one is
// reachable, otherwise in a file only the user can read, with a warning the UI shows.
//
// The keyring is shared by every data folder of the user, so each folder names its entries
// after its own identity (a random id kept in the folder): a scratch folder's profile 1 never
// overwrites or reads the real folder's profile 1.
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

// Store reads and writes the secrets of one data folder.
type Store struct {
	// AdoptUnnamed moves keyring entries written before entries were named by folder into
	// this folder on first read. Only the user's default data folder should set it (before
	// first use): such entries most likely belong there, and no other folder may take them.
	AdoptUnnamed bool

	once    sync.Once
	dir     string
	path    string // fallback file; empty while the keyring is used
	warning string
	prefix  string // the folder's identity and a slash; set by init
	initErr error
}

// Open returns a Store backed by the OS keyring when it answers, else by a 0600 file in
// dir. The keyring is probed on first use, so opening costs nothing at start-up.
func Open(dir string) *Store { return &Store{dir: dir} }

// init decides between keyring and file, and reads the folder's identity, once.
func (s *Store) init() error {
	s.once.Do(func() {
		if s.path == "" {
			if err := probe(); err != nil {
				f := openFile(s.dir, err)
				s.path, s.warning = f.path, f.warning
			}
		}
		if s.path != "" {
			return // the file lives in the folder itself: its keys need no folder name
		}
		if s.dir == "" {
			s.initErr = errors.New("no data folder is open, so no secret can be stored")
			return
		}
		id, err := FolderID(s.dir)
		if err != nil {
			s.initErr = err
			return
		}
		s.prefix = id + "/"
	})
	return s.initErr
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
	if err := s.init(); err != nil {
		return err.Error()
	}
	return s.warning
}

// Backend names where secrets live: "keyring" or "file".
func (s *Store) Backend() string {
	s.init() // a folder without an identity still says where its secrets would be
	if s.path == "" {
		return "keyring"
	}
	return "file"
}

// Set stores value under key.
func (s *Store) Set(key, value string) error {
	if err := s.init(); err != nil {
		return err
	}
	if s.path == "" {
		if err := keyring.Set(Service, s.prefix+key, value); err != nil {
			return fmt.Errorf("save %s in the system keyring: %v", key, err)
		}
		return nil
	}
	return s.update(func(m map[string]string) { m[key] = value })
}

// Get returns the secret under key, or ErrNotFound.
func (s *Store) Get(key string) (string, error) {
	if err := s.init(); err != nil {
		return "", err
	}
	if s.path == "" {
		v, err := keyringGet(s.prefix + key)
		if errors.Is(err, ErrNotFound) && s.AdoptUnnamed {
			return s.adopt(key)
		}
		return v, err
	}
	lock := fileLock(s.path)
	lock.Lock()
	defer lock.Unlock()
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

// adopt moves an entry stored under the bare key into this folder's name.
func (s *Store) adopt(key string) (string, error) {
	v, err := keyringGet(key)
	if err != nil {
		return "", err
	}
	if err := keyring.Set(Service, s.prefix+key, v); err != nil {
		return "", fmt.Errorf("save %s in the system keyring: %v", key, err)
	}
	keyring.Delete(Service, key)
	return v, nil
}

func keyringGet(name string) (string, error) {
	v, err := keyring.Get(Service, name)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("read %s from the system keyring: %v", name, err)
	}
	return v, nil
}

// Delete removes key; deleting a missing key is not an error.
func (s *Store) Delete(key string) error {
	if err := s.init(); err != nil {
		return err
	}
	if s.path == "" {
		err := keyring.Delete(Service, s.prefix+key)
		if err != nil && !errors.Is(err, keyring.ErrNotFound) {
			return fmt.Errorf("delete %s from the system keyring: %v", key, err)
		}
		return nil
	}
	return s.update(func(m map[string]string) { delete(m, key) })
}

// fileLocks holds one lock per secrets file, so that every Store of a folder in this
// process serialises on the same file.
var fileLocks sync.Map

func fileLock(path string) *sync.Mutex {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	l, _ := fileLocks.LoadOrStore(path, &sync.Mutex{})
	return l.(*sync.Mutex)
}

// update changes the fallback file under the lock, so two saves cannot lose each other's
// change between load and save.
func (s *Store) update(change func(map[string]string)) error {
	lock := fileLock(s.path)
	lock.Lock()
	defer lock.Unlock()
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
