//go:build windows

package store

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockOffset is the byte locked on Windows, far past the holder's record: Windows locks
// are mandatory, and a lock over the record would stop others from reading who holds it.
const lockOffset = 1 << 30

func lockRange() *windows.Overlapped { return &windows.Overlapped{Offset: lockOffset} }

// tryLock takes an exclusive lock on one byte without waiting.
func tryLock(f *os.File) error {
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, lockRange())
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return errHeld
	}
	return err
}

func unlock(f *os.File) { windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, lockRange()) }
