// Package events is the seam through which the backend reports progress and notices
// without knowing whether a desktop window or a browser is listening.
package events

import "sync"

// Name names an event: the area that emits it, a dot, and what happened, all lower case
// ("delivery.progress"). Every name is a constant below, so the TypeScript side can be
// generated from the same list and a typo is a compile error, not a silent UI.
type Name string

const (
	// DeliveryProgress carries a send run's totals and pace.
	DeliveryProgress Name = "delivery.progress"
	// SyncProgress carries the phase of a platform sync.
	SyncProgress Name = "sync.progress"
	// ImportsProgress carries the rows read and written by a file import.
	ImportsProgress Name = "imports.progress"
	// EventsDropped tells one browser that events were dropped because it read too slowly,
	// so it should reload what it shows. Only the HTTP bridge sends it.
	EventsDropped Name = "events.dropped"
)

// All lists every event name.
func All() []Name { return []Name{DeliveryProgress, SyncProgress, ImportsProgress, EventsDropped} }

// Dropped is the payload of EventsDropped.
type Dropped struct {
	Count int `json:"count"`
}

// Sink receives named events with a JSON-serialisable payload.
type Sink interface {
	Emit(name Name, data any)
}

// Discard drops every event.
type Discard struct{}

// Emit implements Sink.
func (Discard) Emit(Name, any) {}

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
func (f *Fanout) Emit(name Name, data any) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	for _, s := range f.sinks {
		s.Emit(name, data)
	}
}
