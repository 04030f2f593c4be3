package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"

	"commhub/backend/store"
)

// TestMain doubles as a helper process: with COMMHUB_TEST_HOLD_LOCK set it locks that
// database the way another running program would, and holds the lock until stdin closes.
func TestMain(m *testing.M) {
	if args := os.Getenv("COMMHUB_TEST_COMMAND"); args != "" {
		// Run as commhubd itself would: the command names the process in the lock file.
		os.Args = append([]string{"commhubd"}, strings.Split(args, "\x1f")...)
		os.Exit(run(os.Args[1:], os.Stderr))
	}
	if path := os.Getenv("COMMHUB_TEST_HOLD_LOCK"); path != "" {
		if err := holdLock(path); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func holdLock(path string) error {
	db, err := gorm.Open(sqlite.Open("file:"+path), &gorm.Config{})
	if err != nil {
		return err
	}
	sqlDB, _ := db.DB()
	conn, err := sqlDB.Conn(context.Background())
	if err != nil {
		return err
	}
	for _, q := range []string{"PRAGMA locking_mode=EXCLUSIVE", "BEGIN EXCLUSIVE", "CREATE TABLE IF NOT EXISTS held(x)"} {
		if _, err := conn.ExecContext(context.Background(), q); err != nil {
			return err
		}
	}
	os.Stdout.WriteString("locked\n")
	io.Copy(io.Discard, os.Stdin)
	return nil
}

func webOpts(dir string) webOptions {
	return webOptions{addr: "127.0.0.1:0", data: dir, token: "test-token", noDemo: true}
}

// startErr runs the web command's server on dir and returns its start-up error; a server
// that starts instead fails the test.
func startErr(t *testing.T, dir string) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := serveWeb(ctx, webOpts(dir), func(url, _ string) {
		t.Errorf("the server started on a bad store: %s", url)
		cancel()
	})
	if err == nil {
		t.Fatal("no error")
	}
	return err
}

func TestACorruptStoreIsExplainedAtStart(t *testing.T) {
	dir := t.TempDir()
	junk := strings.Repeat("this is not a database, it is a shopping list\n", 200)
	if err := os.WriteFile(filepath.Join(dir, store.FileName), []byte(junk), 0o600); err != nil {
		t.Fatal(err)
	}
	err := startErr(t, dir)
	for _, want := range []string{"is damaged", "restore a backup", "move the file away"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
	// The file is left as it was, for the user to rescue.
	if b, _ := os.ReadFile(filepath.Join(dir, store.FileName)); string(b) != junk {
		t.Error("the damaged file was modified")
	}
}

func TestALockedStoreIsExplainedAtStart(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	helper := exec.Command(os.Args[0], "-test.run=^$")
	helper.Env = append(os.Environ(), "COMMHUB_TEST_HOLD_LOCK="+filepath.Join(dir, store.FileName))
	stdin, _ := helper.StdinPipe()
	stdout, _ := helper.StdoutPipe()
	helper.Stderr = os.Stderr
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); helper.Wait() }()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "locked\n" {
		t.Fatalf("helper did not take the lock: %q", line)
	}
	err = startErr(t, dir)
	if !strings.Contains(err.Error(), "is locked by another program") {
		t.Errorf("%q does not say the database is locked", err)
	}
}

func TestTheWebServerStartsServesAndStopsCleanly(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serveWeb(ctx, webOpts(dir), func(url, dbPath string) {
			if dbPath != filepath.Join(dir, store.FileName) {
				t.Errorf("data path %q", dbPath)
			}
			urls <- url
		})
	}()
	var url string
	select {
	case url = <-urls:
	case err := <-done:
		t.Fatal(err)
	}
	base, token, ok := strings.Cut(url, "/?token=")
	if !ok || token != "test-token" || !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("printed URL %q", url)
	}
	req, _ := http.NewRequest("POST", base+"/rpc/Network.Summary", strings.NewReader("[]"))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"partners":0`) {
		t.Fatalf("Summary on a --no-demo store: %d %s", res.StatusCode, body)
	}
	// An open event stream must not hold the shutdown up.
	evReq, _ := http.NewRequest("GET", base+"/events", nil)
	evReq.Header.Set("Authorization", "Bearer "+token)
	ev, err := http.DefaultClient.Do(evReq)
	if err != nil || ev.StatusCode != 200 {
		t.Fatalf("GET /events: %v %v", ev, err)
	}
	defer ev.Body.Close()
	if line, _ := bufio.NewReader(ev.Body).ReadString('\n'); line != "retry: 3000\n" {
		t.Fatalf("stream opened with %q", line)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not shut down")
	}
	// The store was closed and released: it opens again at once.
	s, err := store.Open(dir)
	if err != nil {
		t.Fatalf("reopen after shutdown: %v", err)
	}
	s.Close()
}

func TestOnlyLoopbackGoesWithoutAnExplicitToken(t *testing.T) {
	for _, c := range []struct {
		addr, token string
		ok          bool
	}{
		{"127.0.0.1:8787", "", true},
		{"localhost:0", "", true},
		{"[::1]:8787", "", true},
		{"0.0.0.0:8787", "", false},
		{":8787", "", false},
		{"192.168.1.20:8787", "", false},
		{"192.168.1.20:8787", "short", false},
		{"192.168.1.20:8787", "a-long-enough-token", true},
		{"127.0.0.1", "", false}, // no port
	} {
		err := checkAddr(c.addr, c.token)
		if (err == nil) != c.ok {
			t.Errorf("checkAddr(%q, %q) = %v, want ok=%v", c.addr, c.token, err, c.ok)
		}
	}
}

func TestExitStatusAndMessages(t *testing.T) {
	corrupt := t.TempDir()
	os.WriteFile(filepath.Join(corrupt, store.FileName), []byte(strings.Repeat("junk", 2000)), 0o600)
	for _, c := range []struct {
		args   []string
		status int
		says   string
	}{
		{[]string{"web", "--addr", "0.0.0.0:8787"}, 2, "give an explicit --token"},
		{[]string{"web", "--bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"web", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"serve"}, 2, `unknown command "serve"`},
		{[]string{}, 2, "usage: commhubd <command>"},
		{[]string{"web", "--addr", "127.0.0.1:0", "--data", corrupt}, 1, "is damaged"},
	} {
		var stderr strings.Builder
		if got := run(c.args, &stderr); got != c.status || !strings.Contains(stderr.String(), c.says) {
			t.Errorf("commhubd %q: status %d, stderr %q; want %d saying %q", c.args, got, stderr.String(), c.status, c.says)
		}
	}
}
