package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// commhubd starts this test binary as a separate commhubd process running args.
func commhubd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "COMMHUB_TEST_COMMAND="+strings.Join(args, "\x1f"))
	return cmd
}

// runCommhubd runs one commhubd process to its end and returns its exit code and output.
func runCommhubd(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := commhubd(args...)
	// A process that got past the lock would serve on; it is stopped and reported.
	timer := time.AfterFunc(20*time.Second, func() { cmd.Process.Kill() })
	defer timer.Stop()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String()
	}
	t.Fatalf("commhubd %v: %v", args, err)
	return 0, ""
}

// A second process on a data folder another one has open stops before it touches the
// database, and says which process has it.
func TestASecondProcessOnAFolderInUseExitsNamingTheHolder(t *testing.T) {
	dir := t.TempDir()
	first := commhubd("web", "--data", dir, "--addr", "127.0.0.1:0", "--no-demo", "--token", "first-token")
	stdout, err := first.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	first.Stderr = os.Stderr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			first.Process.Kill()
			first.Wait()
		}
	}()
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "CommHub is running at") {
		t.Fatalf("the first commhubd did not start: %q", lines.Text())
	}
	go func() {
		for lines.Scan() {
		}
	}()
	holder := fmt.Sprintf("is in use by commhubd web (process %d)", first.Process.Pid)
	for _, args := range [][]string{
		{"web", "--data", dir, "--addr", "127.0.0.1:0", "--no-demo"},
		{"send", "--data", dir, "--message", "1"},
		{"import", "--data", dir, "--kind", "partners", "nothing.csv"},
	} {
		code, out := runCommhubd(t, args...)
		if code != 1 || !strings.Contains(out, holder) {
			t.Errorf("commhubd %s on the folder in use: exit %d, output %q; want exit 1 naming the holder (%s)", args[0], code, out, holder)
		}
	}

	if err := first.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- first.Wait() }()
	select {
	case err := <-done:
		stopped = true
		if err != nil {
			t.Fatalf("the first commhubd did not stop cleanly: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the first commhubd did not stop")
	}
	code, out := runCommhubd(t, "send", "--data", dir, "--message", "1")
	if strings.Contains(out, "in use") || !strings.Contains(out, "message 1 does not exist") {
		t.Errorf("after the holder stopped: exit %d, output %q; want the folder free (message 1 does not exist)", code, out)
	}
}
