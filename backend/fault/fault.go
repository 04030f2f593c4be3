// Package fault classifies errors so that every front door (Wails, the HTTP bridge, the
// command line) can tell the user's mistakes from the program's.
package fault

import (
	"errors"
	"fmt"
)

// Kind says whose fault an error is.
type Kind int

const (
	// Internal is a fault of the program or its environment (HTTP 5xx).
	Internal Kind = iota
	// Invalid is bad input: the caller can fix it (HTTP 400).
	Invalid
	// NotFound names an object that does not exist (HTTP 404).
	NotFound
	// Conflict is a request that clashes with the current state (HTTP 409).
	Conflict
)

// Error is an error with a kind and a message meant for the user.
type Error struct {
	Kind    Kind
	Message string
}

func (e *Error) Error() string { return e.Message }

// Invalidf reports bad input. Say what is wrong, where, and how to fix it.
func Invalidf(format string, args ...any) error {
	return &Error{Kind: Invalid, Message: fmt.Sprintf(format, args...)}
}

// NotFoundf reports a missing object.
func NotFoundf(format string, args ...any) error {
	return &Error{Kind: NotFound, Message: fmt.Sprintf(format, args...)}
}

// Conflictf reports a request that clashes with the current state.
func Conflictf(format string, args ...any) error {
	return &Error{Kind: Conflict, Message: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of err, Internal when it carries none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}
