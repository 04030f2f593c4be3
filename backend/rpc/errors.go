package rpc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"commhub/backend/fault"
)

// Error codes on the wire, one per HTTP status family the bridge answers.
const (
	CodeInvalid      = "invalid"
	CodeNotFound     = "not_found"
	CodeConflict     = "conflict"
	CodeUnauthorized = "unauthorized"
	CodeInternal     = "internal"
)

// Error is the body of every failed call: {"error":{"code":..., "message":...}}.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Status  int    `json:"-"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func invalidf(format string, args ...any) *Error {
	return &Error{Code: CodeInvalid, Status: http.StatusBadRequest, Message: fmt.Sprintf(format, args...)}
}

func notFoundf(format string, args ...any) *Error {
	return &Error{Code: CodeNotFound, Status: http.StatusNotFound, Message: fmt.Sprintf(format, args...)}
}

func internalf(format string, args ...any) *Error {
	return &Error{Code: CodeInternal, Status: http.StatusInternalServerError, Message: fmt.Sprintf(format, args...)}
}

// fromError maps a service error to the wire by its fault kind.
func fromError(err error) *Error {
	switch fault.KindOf(err) {
	case fault.Invalid:
		return &Error{Code: CodeInvalid, Status: http.StatusBadRequest, Message: err.Error()}
	case fault.NotFound:
		return &Error{Code: CodeNotFound, Status: http.StatusNotFound, Message: err.Error()}
	case fault.Conflict:
		return &Error{Code: CodeConflict, Status: http.StatusConflict, Message: err.Error()}
	}
	return &Error{Code: CodeInternal, Status: http.StatusInternalServerError, Message: err.Error()}
}

func writeError(w http.ResponseWriter, e *Error) {
	// Messages quote user input such as <b>: keep it readable rather than \u003c-escaped.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(struct {
		Error *Error `json:"error"`
	}{e})
	writeJSON(w, e.Status, bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(body)
	w.Write([]byte("\n"))
}

// DesktopError formats a service error for Wails' ErrorFormatter option, so the desktop app
// rejects a call with the same {"code","message"} the bridge sends and the UI's one
// transport can tell bad input from faults in both. It returns the JSON as a string, since
// Wails hands the value to JavaScript as the rejection reason.
func DesktopError(err error) any {
	e := fromError(err)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(e)
	return strings.TrimSuffix(buf.String(), "\n")
}
