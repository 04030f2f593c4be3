package rpc

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"

	"commhub/backend/events"
)

// clientBuffer is how many events a slow client may lag behind before events are dropped
// for it. Progress events are throttled at the source, so this is seconds of backlog.
const clientBuffer = 256

// Hub fans events out to every connected browser as server-sent events. It implements
// events.Sink. Emit never waits for a client: each has a bounded queue, and when it is full
// the event is dropped for that client and counted, then reported as events.EventsDropped so the
// UI knows to refresh.
type Hub struct {
	// KeepAlive is the interval of comment lines that keep proxies and browsers from
	// closing an idle stream; 0 means 15 seconds.
	KeepAlive time.Duration

	mu      sync.Mutex
	clients map[*sseClient]struct{}
	seq     uint64
	closed  bool
	done    chan struct{}
}

type sseClient struct {
	ch      chan []byte
	dropped int // guarded by Hub.mu
}

// NewHub returns a hub with no clients.
func NewHub() *Hub {
	return &Hub{clients: map[*sseClient]struct{}{}, done: make(chan struct{})}
}

// Emit implements events.Sink. The payload is encoded once for all clients.
func (h *Hub) Emit(name events.Name, data any) {
	payload, err := json.Marshal(data)
	if err != nil {
		log.Printf("rpc: event %q cannot be sent as JSON: %v", name, err)
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || len(h.clients) == 0 {
		return
	}
	h.seq++
	frame := formatEvent(h.seq, name, payload)
	for c := range h.clients {
		select {
		case c.ch <- frame:
		default:
			c.dropped++
		}
	}
}

// Clients reports how many streams are open.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// Close ends every stream; the server calls it on shutdown, since an open stream would
// otherwise hold a graceful shutdown until its timeout.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

func formatEvent(id uint64, name events.Name, payload []byte) []byte {
	// An event name with a line break would end the field early and corrupt the stream.
	clean := strings.NewReplacer("\r", " ", "\n", " ").Replace(string(name))
	if id == 0 { // a notice of the bridge itself, not one of the numbered events
		return []byte(fmt.Sprintf("event: %s\ndata: %s\n\n", clean, payload))
	}
	return []byte(fmt.Sprintf("id: %d\nevent: %s\ndata: %s\n\n", id, clean, payload))
}

// ServeHTTP streams events until the client leaves or the hub closes.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeError(w, &Error{Code: CodeInvalid, Status: http.StatusMethodNotAllowed,
			Message: "open the event stream with GET /events"})
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, internalf("this connection cannot stream events"))
		return
	}
	c := h.join()
	if c == nil {
		writeError(w, &Error{Code: CodeInternal, Status: http.StatusServiceUnavailable, Message: "the server is shutting down"})
		return
	}
	defer h.leave(c)

	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// The opening comment tells the client the stream is live before any event arrives.
	fmt.Fprint(w, "retry: 3000\n: connected\n\n")
	flusher.Flush()

	tick := time.NewTicker(h.keepAlive())
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		case frame := <-c.ch:
			if _, err := w.Write(frame); err != nil {
				return
			}
			if n := h.takeDropped(c); n > 0 {
				w.Write(formatEvent(0, events.EventsDropped, []byte(fmt.Sprintf(`{"count":%d}`, n))))
			}
			flusher.Flush()
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

func (h *Hub) keepAlive() time.Duration {
	if h.KeepAlive > 0 {
		return h.KeepAlive
	}
	return 15 * time.Second
}

func (h *Hub) join() *sseClient {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	c := &sseClient{ch: make(chan []byte, clientBuffer)}
	h.clients[c] = struct{}{}
	return c
}

func (h *Hub) leave(c *sseClient) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

func (h *Hub) takeDropped(c *sseClient) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := c.dropped
	c.dropped = 0
	return n
}
