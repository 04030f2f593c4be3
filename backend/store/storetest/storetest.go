// Package storetest opens real stores for tests: a fresh, migrated SQLite file in the
// test's own temporary folder, closed when the test ends.
package storetest

import (
	"testing"

	"commhub/backend/store"
)

// Open returns a new empty store in t.TempDir(); it closes at the end of the test, after
// cleanups registered later (they may still use it).
func Open(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
