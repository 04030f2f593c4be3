// Package smtptest runs a real SMTP server (emersion/go-smtp) on loopback for tests,
// benchmarks and the end-to-end suite, with fault injection: temporary and permanent
// replies, stalls, and connections dropped in the middle of DATA.
package smtptest

import (
	"bufio"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Fault is what the server does to one recipient on one attempt. The zero value accepts.
type Fault struct {
	// Rcpt, when set, is the reply to RCPT TO.
	Rcpt *smtp.SMTPError
	// Data, when set, is the reply after the message was read.
	Data *smtp.SMTPError
	// Stall delays the RCPT reply (longer than the client's timeout makes it give up).
	Stall time.Duration
	// DropMidData closes the connection after the first bytes of the message.
	DropMidData bool
}

// Received is one accepted message.
type Received struct {
	To        string
	MessageID string
	Header    textproto.MIMEHeader
	Body      string // kept only with Sink.KeepBody
	At        time.Time
}

// Sink is the server. Faults and KeepBody must be set before the first connection.
type Sink struct {
	// Faults decides each recipient's fate; attempt counts RCPTs for that address, from 1.
	Faults func(rcpt string, attempt int) Fault
	// Discard drops every message without parsing or recording it (benchmarks).
	Discard  bool
	KeepBody bool
	// TLS, when set, is offered with STARTTLS, or from the first byte when Implicit.
	TLS      *tls.Config
	Implicit bool
	// Users, when set, requires AUTH PLAIN with one of these username/password pairs.
	Users map[string]string

	mu       sync.Mutex
	addr     string
	server   *smtp.Server
	listener net.Listener
	received []Received
	logins   []Login
	attempts map[string]int
	count    int
}

// Start listens on an ephemeral loopback port.
func Start(s *Sink) (*Sink, error) {
	if s == nil {
		s = &Sink{}
	}
	s.attempts = map[string]int{}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.addr = l.Addr().String()
	s.serve(s.wrap(l))
	return s, nil
}

func (s *Sink) wrap(l net.Listener) net.Listener {
	if s.TLS != nil && s.Implicit {
		return tls.NewListener(l, s.TLS)
	}
	return l
}

func (s *Sink) serve(l net.Listener) {
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		x := &session{sink: s, conn: c}
		if len(s.Users) > 0 {
			return &authSession{session: x}, nil
		}
		return x, nil
	}))
	if s.TLS != nil && !s.Implicit {
		srv.TLSConfig = s.TLS
	}
	srv.Domain = "sink.test"
	srv.AllowInsecureAuth = true
	srv.MaxRecipients = 10
	srv.ErrorLog = quietLog{}
	s.mu.Lock()
	s.server, s.listener = srv, l
	s.mu.Unlock()
	go srv.Serve(l)
}

// Addr is host:port.
func (s *Sink) Addr() string { return s.addr }

// Port is the listening port.
func (s *Sink) Port() int { return s.addrPort() }

func (s *Sink) addrPort() int {
	a, _ := net.ResolveTCPAddr("tcp", s.addr)
	return a.Port
}

// Stop closes the listener and every connection; Resume listens again on the same port.
func (s *Sink) Stop() {
	s.mu.Lock()
	srv, l := s.server, s.listener
	s.server, s.listener = nil, nil
	s.mu.Unlock()
	if srv != nil {
		// Serve may not have registered the listener yet: close it ourselves too.
		l.Close()
		srv.Close()
	}
}

// Resume listens again on the address Stop released.
func (s *Sink) Resume() error {
	l, err := net.Listen("tcp", s.addr)
	if err != nil {
		return err
	}
	s.serve(s.wrap(l))
	return nil
}

// Close stops the server for good.
func (s *Sink) Close() { s.Stop() }

// Received returns a copy of every accepted message, in arrival order.
func (s *Sink) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Count is the number of accepted messages (also counted when Discard is set).
func (s *Sink) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

func (s *Sink) fault(rcpt string) Fault {
	s.mu.Lock()
	s.attempts[rcpt]++
	n := s.attempts[rcpt]
	s.mu.Unlock()
	if s.Faults == nil {
		return Fault{}
	}
	return s.Faults(rcpt, n)
}

type session struct {
	sink  *Sink
	conn  *smtp.Conn
	rcpts []string
	fault Fault
}

func (x *session) Reset()        { x.rcpts, x.fault = nil, Fault{} }
func (x *session) Logout() error { return nil }
func (x *session) Mail(string, *smtp.MailOptions) error {
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if x.sink.Discard {
		x.rcpts = append(x.rcpts, to)
		return nil
	}
	f := x.sink.fault(strings.ToLower(to))
	if f.Stall > 0 {
		time.Sleep(f.Stall)
	}
	if f.Rcpt != nil {
		return f.Rcpt
	}
	x.fault = f
	x.rcpts = append(x.rcpts, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	if x.sink.Discard {
		if _, err := io.Copy(io.Discard, r); err != nil {
			return err
		}
		x.sink.mu.Lock()
		x.sink.count += len(x.rcpts)
		x.sink.mu.Unlock()
		return nil
	}
	if x.fault.DropMidData {
		io.CopyN(io.Discard, r, 64)
		x.conn.Conn().Close()
		return errors.New("dropped")
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if x.fault.Data != nil {
		return x.fault.Data
	}
	tp := textproto.NewReader(bufio.NewReader(strings.NewReader(string(body))))
	h, _ := tp.ReadMIMEHeader()
	x.sink.mu.Lock()
	defer x.sink.mu.Unlock()
	for _, to := range x.rcpts {
		rec := Received{To: strings.ToLower(to), MessageID: h.Get("Message-Id"), Header: h, At: time.Now()}
		if x.sink.KeepBody {
			rec.Body = string(body)
		}
		x.sink.received = append(x.sink.received, rec)
		x.sink.count++
	}
	return nil
}

// Login is one AUTH attempt as the server saw it, accepted or not.
type Login struct{ User, Password string }

// Logins lists every AUTH attempt, so a test can prove which password reached which server.
func (s *Sink) Logins() []Login {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Login(nil), s.logins...)
}

// authSession requires a login before MAIL.
type authSession struct {
	*session
	user string
}

func (a *authSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (a *authSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		a.sink.mu.Lock()
		a.sink.logins = append(a.sink.logins, Login{User: username, Password: password})
		a.sink.mu.Unlock()
		if want, ok := a.sink.Users[username]; ok && want == password {
			a.user = username
			return nil
		}
		return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "authentication failed"}
	}), nil
}

func (a *authSession) Mail(from string, opts *smtp.MailOptions) error {
	if a.user == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "authentication required"}
	}
	return a.session.Mail(from, opts)
}

type quietLog struct{}

func (quietLog) Printf(string, ...any) {}
func (quietLog) Println(...any)        {}
