package store

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// OpenReadOnly opens an existing data folder's database for reading only, without taking
// the folder: a listing from a shell may run while the app or `commhubd web` holds it,
// since readers never disturb a WAL database's writer. It migrates nothing, so a database
// of another schema version is refused.
func OpenReadOnly(dir string) (*Store, error) {
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("there is no CommHub database in %s: give the data folder with --data", dir)
		}
		return nil, fmt.Errorf("cannot read the database %s: %v", path, err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Set("mode", "ro")
	db, err := gorm.Open(sqlite.Open("file:"+path+"?"+q.Encode()), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		return nil, explain(path, err)
	}
	s := &Store{DB: db, Dir: dir, Path: path}
	var version int
	if err := db.Raw("SELECT coalesce(max(version), 0) FROM schema_versions").Scan(&version).Error; err != nil {
		s.Close()
		return nil, explain(path, err)
	}
	if version != SchemaVersion() {
		s.Close()
		return nil, fmt.Errorf("the database %s is at schema %d and this build reads %d: start CommHub (or commhubd web) once to upgrade it, or update commhubd", path, version, SchemaVersion())
	}
	return s, nil
}
