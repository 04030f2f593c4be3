package rpc

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// openStream connects to /events and returns a reader positioned after the opening comment.
func openStream(t *testing.T, b *bridge, url, auth string) *bufio.Reader {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("GET /events: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	r := bufio.NewReader(res.Body)
	readUntil(t, r, ": connected")
	return r
}

// readUntil reads lines until one equals want and returns the lines read before it.
func readUntil(t *testing.T, r *bufio.Reader, want string) []string {
	t.Helper()
	var seen []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("stream ended before %q (read %q): %v", want, seen, err)
		}
		line = strings.TrimRight(line, "\n")
		if line == want {
			return seen
		}
		seen = append(seen, line)
	}
}

func TestEventsReachAConnectedBrowser(t *testing.T) {
	b := newBridge(t, 0)
	r := openStream(t, b, b.srv.URL+"/events", "Bearer "+testToken)
	b.hub.Emit("delivery.progress", map[string]any{"runId": 7, "sent": 12, "note": "line\nbreak"})
	readUntil(t, r, "event: delivery.progress")
	data, _ := r.ReadString('\n')
	if want := `data: {"note":"line\nbreak","runId":7,"sent":12}` + "\n"; data != want {
		t.Fatalf("data line %q, want %q", data, want)
	}
}

func TestEventStreamAcceptsTheTokenInTheURL(t *testing.T) {
	// A browser's EventSource cannot send headers, so /events alone takes ?token=.
	b := newBridge(t, 0)
	r := openStream(t, b, b.srv.URL+"/events?token="+testToken, "")
	b.hub.Emit("x", 1)
	readUntil(t, r, "data: 1")
}

func TestEventStreamRequiresTheToken(t *testing.T) {
	b := newBridge(t, 0)
	for _, c := range []struct{ path, auth string }{
		{"/events", ""}, {"/events?token=wrong", ""}, {"/events", "Bearer wrong"},
	} {
		r := b.do(http.MethodGet, c.path, c.auth, "")
		if r.status != 401 || r.Error == nil || r.Error.Code != "unauthorized" {
			t.Errorf("%s %q: %d %s", c.path, c.auth, r.status, r.body)
		}
	}
}

func TestASlowClientNeverBlocksEmit(t *testing.T) {
	h := NewHub()
	stuck := h.join() // a client that never reads
	for i := 0; i < clientBuffer+50; i++ {
		h.Emit("tick", i)
	}
	if len(stuck.ch) != clientBuffer || h.takeDropped(stuck) != 50 {
		t.Fatalf("queued %d, want %d with 50 dropped", len(stuck.ch), clientBuffer)
	}
}

// gatedWriter is a response writer whose writes wait for a gate: a client on a link so slow
// that nothing gets through until the test says so.
type gatedWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	hdr  http.Header
	gate chan struct{}
	shut atomic.Bool
}

func (w *gatedWriter) Header() http.Header { return w.hdr }
func (w *gatedWriter) WriteHeader(int)     {}
func (w *gatedWriter) Flush()              {}
func (w *gatedWriter) Write(p []byte) (int, error) {
	if w.shut.Load() {
		<-w.gate
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}
func (w *gatedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestDroppedEventsAreReportedToTheClient(t *testing.T) {
	h := NewHub()
	w := &gatedWriter{hdr: http.Header{}, gate: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequest(http.MethodGet, "/events", nil).WithContext(ctx)
	served := make(chan struct{})
	go func() { h.ServeHTTP(w, req); close(served) }()
	waitFor(t, "the stream to open", func() bool { return strings.Contains(w.String(), ": connected") })

	w.shut.Store(true)
	h.Emit("first", 0) // the handler takes it and stalls writing it
	var c *sseClient
	h.mu.Lock()
	for k := range h.clients {
		c = k
	}
	h.mu.Unlock()
	waitFor(t, "the handler to take the first event", func() bool { return len(c.ch) == 0 })
	for i := 0; i < clientBuffer+5; i++ {
		h.Emit("tick", i)
	}
	close(w.gate)
	waitFor(t, "the drop notice", func() bool {
		return strings.Contains(w.String(), "event: events.dropped\ndata: {\"count\":5}\n\n")
	})
	cancel()
	<-served
}

func TestClosingTheHubEndsStreams(t *testing.T) {
	b := newBridge(t, 0)
	r := openStream(t, b, b.srv.URL+"/events", "Bearer "+testToken)
	b.hub.Close()
	done := make(chan error, 1)
	go func() {
		_, err := r.ReadString('\n')
		for err == nil {
			_, err = r.ReadString('\n')
		}
		done <- err
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the stream stayed open after Close")
	}
	if b.hub.Clients() != 0 {
		t.Fatalf("%d clients left", b.hub.Clients())
	}
}

func TestEventFramesCannotBeBrokenByTheirName(t *testing.T) {
	got := string(formatEvent(3, "evil\nevent: fake", []byte(`{}`)))
	if want := "id: 3\nevent: evil event: fake\ndata: {}\n\n"; got != want {
		t.Fatalf("frame %q, want %q", got, want)
	}
	if got := string(formatEvent(0, "events.dropped", []byte(`{"count":1}`))); strings.Contains(got, "id:") {
		t.Fatalf("a bridge notice must not move the client's last event id: %q", got)
	}
}
