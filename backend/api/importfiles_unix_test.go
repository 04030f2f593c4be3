//go:build unix

package api_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The desktop file dialog names a path; only plain files are read, and a pipe or device
// is refused at once instead of blocking the call forever.
func TestDesktopImportsReadRegularFilesOnly(t *testing.T) {
	b, _ := newBridge(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "partners.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for path, says := range map[string]string{
		fifo:        "is not a regular file (it is a named pipe)",
		"/dev/zero": "is not a regular file (it is a device)",
		dir:         "is a folder",
	} {
		done := make(chan struct{})
		go func() {
			defer close(done)
			e := b.call(nil, "Imports.Detect", "partners", map[string]any{"path": path})
			if e == nil || e.Code != "invalid" || !strings.Contains(e.Message, says) {
				t.Errorf("%s: %v, want invalid saying %q", path, e, says)
			}
		}()
		select {
		case <-done:
		case <-time.After(time.Minute):
			t.Errorf("%s: the call still blocks after a minute", path)
			if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
				w.Close() // lets the blocked reader go
			}
			<-done
		}
	}
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("Partner ID,Partner,Email\n1,Ann,ann@example.com\n"), 0o600)
	var det struct{ Preview [][]string }
	b.must(&det, "Imports.Detect", "partners", map[string]any{"path": good})
	if len(det.Preview) != 1 {
		t.Fatalf("a regular file: %+v", det)
	}
}
