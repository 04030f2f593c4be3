// Package events is the seam through which the backend reports progress and notices
// without knowing whether a desktop window or a browser is listening.
package events

import "sync"

// Sink receives named events with a JSON-serialisable payload.
type Sink interface {
	Emit(name string, data any)
}

// Discard drops every event.
type Discard struct{}

// Emit implements Sink.
func (Discard) Emit(string, any) {}

// Fanout forwards each event to every sink added to it.
type Fanout struct {
	mu    sync.RWMutex
	sinks []Sink
}

// Add registers another sink.
func (f *Fanout) Add(s Sink) {
	f.mu.Lock()
	f.sinks = append(f.sinks, s)
	f.mu.Unlock()
}

// Emit implements Sink.
func (f *Fanout) Emit(name string, data any) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	for _, s := range f.sinks {
		s.Emit(name, data)
	}
}
