package mailer

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strings"
	"syscall"
)

// Error is an SMTP failure, classified for the delivery engine.
type Error struct {
	// Code is the server's reply code, 0 when the failure was not a reply.
	Code int
	// Reply is the server's reply ("550 5.1.1 no such user") or what went wrong on the wire.
	Reply string
	// Temporary failures (4xx, timeouts, dropped connections) are worth retrying.
	Temporary bool
	// Broken means the connection cannot be reused.
	Broken bool
	// Connect means the failure happened before any message: the account or server is at
	// fault, not a recipient.
	Connect bool
	// Ambiguous means the whole message reached the server but its answer never came:
	// the server may have accepted it, so sending again could deliver it twice.
	Ambiguous bool
	// NoSuchUser is a hard bounce (5.1.1): the address does not exist.
	NoSuchUser bool
	// Throttled is a server asking to slow down (421, 450/451/452 rate replies, 454).
	Throttled bool
	err       error
}

func (e *Error) Error() string { return e.Reply }

// Unwrap exposes the underlying error.
func (e *Error) Unwrap() error { return e.err }

// AsError returns err as *Error, wrapping unclassified errors as permanent.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Reply: err.Error(), err: err}
}

func classify(err error, w *watchConn) *Error {
	var tp *textproto.Error
	if errors.As(err, &tp) {
		reply := fmt.Sprintf("%d %s", tp.Code, strings.ReplaceAll(tp.Msg, "\n", " "))
		e := &Error{Code: tp.Code, Reply: reply, err: err}
		e.Temporary = tp.Code >= 400 && tp.Code < 500
		// 421 means the server is closing the channel.
		e.Broken = tp.Code == 421
		e.Throttled = tp.Code == 421 || tp.Code == 454 || (e.Temporary && mentionsRate(tp.Msg))
		e.NoSuchUser = tp.Code >= 500 && (strings.HasPrefix(tp.Msg, "5.1.1") || strings.Contains(tp.Msg, " 5.1.1 "))
		return e
	}
	e := &Error{Reply: err.Error(), Temporary: true, Broken: true, err: err}
	var ne net.Error
	timeout := errors.As(err, &ne) && ne.Timeout()
	switch {
	case timeout && w != nil && w.failedRead && w.handedOver:
		e.Ambiguous = true
		e.Reply = "the server stopped answering after it received the whole message (" + err.Error() + "); it may have accepted it"
	case timeout:
		e.Reply = "the server stopped answering (" + err.Error() + ")"
	case errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed):
		e.Reply = "the server dropped the connection (" + err.Error() + ")"
	}
	return e
}

func mentionsRate(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "rate") || strings.Contains(m, "too many") || strings.Contains(m, "throttl") || strings.Contains(m, "try again later")
}
