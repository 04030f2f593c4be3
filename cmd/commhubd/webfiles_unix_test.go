//go:build unix

package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A browser may upload a file's content, never name a file on the server: not
// /etc/passwd, and not a pipe that would hold the call open forever.
func TestTheWebServerImportsUploadsOnly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- serveWeb(ctx, webOpts(t.TempDir()), func(url, _ string) { urls <- url }) }()
	var base string
	select {
	case u := <-urls:
		base, _, _ = strings.Cut(u, "/?token=")
	case err := <-done:
		t.Fatal(err)
	}
	defer func() { cancel(); <-done }()
	fifo := filepath.Join(t.TempDir(), "partners.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: time.Minute} // a hang fails the test instead of stalling it
	call := func(file map[string]any) (int, string) {
		t.Helper()
		body, _ := json.Marshal([]any{"partners", file})
		req, _ := http.NewRequest("POST", base+"/rpc/Imports.Detect", strings.NewReader(string(body)))
		req.Header.Set("Authorization", "Bearer test-token")
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("Detect %v: %v", file, err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(out)
	}
	for _, path := range []string{"/etc/passwd", fifo} {
		status, body := call(map[string]any{"fileName": "partners.csv", "path": path})
		if status != 400 || !strings.Contains(body, `"code":"invalid"`) || !strings.Contains(body, "upload the file's content") || strings.Contains(body, "root") {
			t.Errorf("path %s over HTTP: %d %s", path, status, body)
		}
	}
	csv := base64.StdEncoding.EncodeToString([]byte("Partner ID,Partner,Email\n1,Ann,ann@example.com\n"))
	if status, body := call(map[string]any{"fileName": "partners.csv", "contentBase64": csv}); status != 200 || !strings.Contains(body, "ann@example.com") {
		t.Errorf("an upload over HTTP: %d %s", status, body)
	}
}
