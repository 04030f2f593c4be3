// Package mailer speaks SMTP for CommHub: profiles (accounts with their limits),
// reusable connections over go-simple-mail, and error classification the delivery
// engine relies on to decide between retry, fail and "ask the user".
package mailer

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"
	"unsafe"

	mail "github.com/xhit/go-simple-mail/v2"

	"commhub/backend/model"
)

// Account is a profile with its password, ready to connect.
type Account struct {
	model.SMTPProfile
	Password string
}

// Dialer opens connections. The zero value uses DefaultTimeout and the system roots.
type Dialer struct {
	// Timeout bounds every network read and write, and the dial itself.
	Timeout time.Duration
	// TLS overrides the TLS configuration (tests trust their own certificate with it).
	TLS *tls.Config
	// Helo is the name the client introduces itself with; "localhost" when empty.
	Helo string
}

// DefaultTimeout is long enough for slow providers, short enough to notice a stall.
const DefaultTimeout = 60 * time.Second

// Conn is one SMTP connection, kept open between messages.
type Conn struct {
	mu     sync.Mutex
	client *mail.SMTPClient
	watch  *watchConn
	dead   bool

	// skel is the compiled fixed part of the last sender's messages; buf is reused for
	// every message's wire form.
	skel *skeleton
	buf  []byte
	// date is the Date header of the current second.
	date     string
	dateUnix int64
}

// Dial connects, greets, upgrades to TLS as the profile says and authenticates.
func (d Dialer) Dial(ctx context.Context, a Account) (*Conn, error) {
	timeout := d.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	addr := net.JoinHostPort(a.Host, strconv.Itoa(a.Port))
	nd := net.Dialer{Timeout: timeout}
	raw, err := nd.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, &Error{Reply: fmt.Sprintf("cannot reach %s: %v", addr, err), Temporary: true, Connect: true, err: err}
	}
	w := &watchConn{Conn: raw, timeout: timeout}
	var conn net.Conn = w
	tlsConf := d.tlsConfig(a.Host)
	enc := mail.EncryptionNone
	switch a.TLS {
	case model.TLSImplicit:
		tc := tls.Client(w, tlsConf)
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return nil, &Error{Reply: fmt.Sprintf("TLS handshake with %s failed: %v", addr, err), Connect: true, err: err}
		}
		conn, enc = tc, mail.EncryptionSSLTLS
	case model.TLSStartTLS:
		enc = mail.EncryptionSTARTTLS
	}
	server := &mail.SMTPServer{
		Host: a.Host, Port: a.Port, Encryption: enc, TLSConfig: tlsConf,
		Username: a.Username, Password: a.Password, Authentication: mail.AuthAuto,
		Helo: d.Helo, KeepAlive: true, CustomConn: conn,
	}
	if a.Username == "" {
		server.Authentication = mail.AuthNone
	}
	client, err := server.Connect()
	if err != nil {
		raw.Close()
		e := classify(err, w)
		e.Connect = true
		return nil, e
	}
	if a.TLS == model.TLSStartTLS && !w.startedTLS {
		client.Close()
		return nil, &Error{Reply: fmt.Sprintf("%s does not offer STARTTLS: choose TLS \"none\" or \"implicit\" in the SMTP profile", addr), Connect: true}
	}
	return &Conn{client: client, watch: w}, nil
}

func (d Dialer) tlsConfig(host string) *tls.Config {
	if d.TLS != nil {
		c := d.TLS.Clone()
		if c.ServerName == "" {
			c.ServerName = host
		}
		return c
	}
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}

// Send transmits one message. On failure the connection is reset for the next
// message, or marked dead when it cannot be reused (see Alive).
func (c *Conn) Send(m *Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dead {
		return &Error{Reply: "connection already closed", Temporary: true, Broken: true}
	}
	if c.skel == nil || !c.skel.fits(m) {
		skel, err := newSkeleton(m.FromName, m.FromEmail, m.ReplyTo)
		if err != nil {
			return &Error{Reply: err.Error()}
		}
		c.skel = skel
	}
	now := time.Now()
	if sec := now.Unix(); sec != c.dateUnix || c.date == "" {
		c.date, c.dateUnix = Date(now), sec
	}
	buf, rcpt, err := c.skel.appendMessage(c.buf[:0], m, c.date)
	if err != nil {
		return &Error{Reply: err.Error()}
	}
	c.buf = buf
	c.watch.begin()
	// The transport copies the text as it writes it: the buffer is free again on return.
	if err := mail.SendMessage(c.skel.envelopeFrom, []string{rcpt}, unsafe.String(unsafe.SliceData(buf), len(buf)), c.client); err != nil {
		e := classify(err, c.watch)
		if e.Broken || c.client.Reset() != nil {
			c.dead = true
			c.client.Close()
		}
		return e
	}
	return nil
}

// Alive says whether the connection can carry another message.
func (c *Conn) Alive() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.dead
}

// Close says goodbye politely and releases the connection.
func (c *Conn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dead {
		return
	}
	c.dead = true
	c.client.Quit()
	c.client.Close()
}

// watchConn puts a deadline on every read and write, so a stalled server surfaces as a
// timeout instead of hanging a worker, and remembers enough of the exchange to tell a
// stall before the message was handed over from one after it.
type watchConn struct {
	net.Conn
	timeout        time.Duration
	startedTLS     bool
	wroteSinceRead int
	failedRead     bool
	handedOver     bool
}

// bodyThreshold separates a command line (a few dozen bytes, even inside a TLS record)
// from a message body, which always carries more header bytes than this.
const bodyThreshold = 200

func (w *watchConn) begin() { w.failedRead, w.handedOver = false, false }

func (w *watchConn) Read(p []byte) (int, error) {
	w.Conn.SetDeadline(time.Now().Add(w.timeout))
	n, err := w.Conn.Read(p)
	if err != nil {
		w.failedRead = true
		w.handedOver = w.wroteSinceRead > bodyThreshold
	}
	if n > 0 {
		w.wroteSinceRead = 0
	}
	return n, err
}

func (w *watchConn) Write(p []byte) (int, error) {
	if !w.startedTLS && string(p) == "STARTTLS\r\n" {
		w.startedTLS = true
	}
	w.Conn.SetDeadline(time.Now().Add(w.timeout))
	n, err := w.Conn.Write(p)
	w.wroteSinceRead += n
	return n, err
}
