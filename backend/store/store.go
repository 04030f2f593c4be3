// Package store opens the one SQLite file that holds everything, runs the versioned
// migrations (backing the file up first) and seeds the demo network.
package store

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// FileName is the database file inside the data folder.
const FileName = "commhub.db"

// Store is the opened database.
type Store struct {
	DB   *gorm.DB
	Dir  string
	Path string
	lock *folderLock
}

// DefaultDir is the data folder when neither --data nor COMMHUB_DATA says otherwise.
func DefaultDir() (string, error) {
	if env := os.Getenv("COMMHUB_DATA"); env != "" {
		return env, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the user data folder (%v): start with --data DIR", err)
	}
	return filepath.Join(base, "CommHub"), nil
}

// Open creates dir if needed, takes it for this process (InUseError when another holds
// it), opens the database in WAL mode and migrates it.
// Errors explain what is wrong with the file and what the user can do about it.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the data folder %s: %v", dir, err)
	}
	lock, err := lockFolder(dir)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, FileName)
	if err := checkWritable(path); err != nil {
		lock.release()
		return nil, err
	}
	db, err := gorm.Open(sqlite.Open(dsn(path)), &gorm.Config{
		Logger:                 logger.Default.LogMode(logger.Silent),
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
	})
	if err != nil {
		lock.release()
		return nil, explain(path, err)
	}
	s := &Store{DB: db, Dir: dir, Path: path, lock: lock}
	if err := s.ping(); err != nil {
		s.Close()
		return nil, explain(path, err)
	}
	if err := s.migrate(); err != nil {
		s.Close()
		return nil, explain(path, err)
	}
	return s, nil
}

func dsn(path string) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	// Immediate transactions take the write lock up front, so two writers queue on
	// busy_timeout instead of failing when a read lock cannot be upgraded.
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// ping reads the schema so that a corrupt or non-database file fails here, at start.
func (s *Store) ping() error {
	var n int
	if err := s.DB.Raw("SELECT count(*) FROM sqlite_master").Scan(&n).Error; err != nil {
		return err
	}
	var check string
	if err := s.DB.Raw("PRAGMA quick_check(1)").Scan(&check).Error; err != nil {
		return err
	}
	if check != "ok" {
		return fmt.Errorf("integrity check failed: %s", check)
	}
	return nil
}

// Close releases the database, then the data folder.
func (s *Store) Close() error {
	defer s.lock.release()
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return fmt.Errorf("the database %s is read-only: give your user write access to it, or start with --data pointing to a writable folder", path)
		}
		return fmt.Errorf("cannot open the database %s: %v", path, err)
	}
	return f.Close()
}

// explain turns driver errors into messages a user can act on.
func explain(path string, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY"):
		return fmt.Errorf("the database %s is locked by another program (is CommHub already running?): close it and try again", path)
	case strings.Contains(msg, "not a database") || strings.Contains(msg, "malformed") || strings.Contains(msg, "integrity check"):
		return fmt.Errorf("the database %s is damaged (%s): restore a backup from %s, or move the file away to start afresh", path, msg, filepath.Join(filepath.Dir(path), "backups"))
	case strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only"):
		return fmt.Errorf("the database %s is read-only: give your user write access to it", path)
	}
	return fmt.Errorf("cannot open the database %s: %v", path, err)
}
