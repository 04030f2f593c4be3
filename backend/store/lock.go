package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LockFileName is the file in the data folder that the process using the folder holds
// locked. It names that process (pid and program), so a second one can say who has it.
const LockFileName = "commhub.lock"

// InUseError says another process holds the data folder.
type InUseError struct {
	Dir string
	// PID and Program are what the holder wrote; 0 and "" when it had not written yet.
	PID     int
	Program string
}

func (e *InUseError) Error() string {
	who := "another CommHub program"
	if e.Program != "" {
		who = e.Program
	}
	if e.PID > 0 {
		who += fmt.Sprintf(" (process %d)", e.PID)
	}
	return fmt.Sprintf("the data folder %s is in use by %s: only one program may use a data folder at a time, "+
		"so close that one first, or start with --data pointing to another folder", e.Dir, who)
}

// Program names this process in the lock file: the executable's name and, for a
// command-line tool, its command ("commhubd web").
func Program() string {
	name := strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe")
	if len(os.Args) > 1 && os.Args[1] != "" && !strings.HasPrefix(os.Args[1], "-") {
		name += " " + os.Args[1]
	}
	return name
}

// folderLock is a data folder held by this process until release.
type folderLock struct{ f *os.File }

// errHeld is what the platform's try-lock returns when another process holds the lock.
var errHeld = errors.New("held by another process")

// lockFolder takes the data folder for this process, before anything opens the database:
// two processes sending from one database would each take the other's messages in flight
// for ones a crash left behind. The lock is the operating system's, so it ends with the
// process, however that ends.
func lockFolder(dir string) (*folderLock, error) {
	path := filepath.Join(dir, LockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return nil, fmt.Errorf("cannot create %s: the data folder %s is read-only: give your user write access to it, or start with --data pointing to a writable folder", path, dir)
		}
		return nil, fmt.Errorf("cannot create %s: %v", path, err)
	}
	if err := tryLock(f); err != nil {
		defer f.Close()
		if errors.Is(err, errHeld) {
			pid, program := readHolder(f)
			return nil, &InUseError{Dir: dir, PID: pid, Program: program}
		}
		return nil, fmt.Errorf("cannot lock %s: %v", path, err)
	}
	if err := writeHolder(f); err != nil {
		unlock(f)
		f.Close()
		return nil, fmt.Errorf("cannot write %s: %v", path, err)
	}
	return &folderLock{f: f}, nil
}

// release lets another process have the folder.
func (l *folderLock) release() {
	if l == nil || l.f == nil {
		return
	}
	unlock(l.f)
	l.f.Close()
	l.f = nil
}

// The holder's record sits at the start of the file, where other processes can read it
// on every platform (Windows locks a byte far past it).
func writeHolder(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt([]byte(fmt.Sprintf("%d\n%s\n", os.Getpid(), Program())), 0)
	return err
}

func readHolder(f *os.File) (int, string) {
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 4096))
	if err != nil && len(b) == 0 {
		return 0, ""
	}
	pidText, program, _ := strings.Cut(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(pidText))
	return pid, strings.TrimSpace(program)
}
