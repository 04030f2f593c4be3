package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"commhub/backend/host"
	"commhub/backend/rpc"
	"commhub/frontend"
)

// minRemoteToken is the shortest token accepted when the server listens beyond loopback,
// where anyone on the network can try to guess it.
const minRemoteToken = 16

type webOptions struct {
	addr, data, token string
	noDemo            bool
}

func runWeb(args []string) error {
	o, err := parseWeb(args)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	finished := make(chan struct{})
	defer close(finished) // runs before stop: a normal return is not a signal
	go func() {
		select {
		case <-finished:
		case <-ctx.Done():
			// From here a second Ctrl-C ends the process at once, should draining hang.
			stop()
			fmt.Fprintln(os.Stderr, "commhubd: shutting down (press Ctrl-C again to force)")
		}
	}()
	return serveWeb(ctx, o, func(url, dbPath string) {
		fmt.Printf("CommHub is running at %s\n", url)
		fmt.Printf("data: %s\n", dbPath)
	})
}

func parseWeb(args []string) (webOptions, error) {
	var o webOptions
	fs := flag.NewFlagSet("web", flag.ContinueOnError)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8787", "address to listen on; beyond loopback it needs --token")
	dataFlag(fs, &o.data)
	fs.StringVar(&o.token, "token", "", "token the browser must present (default: a new random one)")
	fs.BoolVar(&o.noDemo, "no-demo", false, "start with an empty store instead of the demo network")
	if err := parseFlags(fs, args, "usage: commhubd web [options]\n\nServes the CommHub UI and API to a browser.\n\noptions:"); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, usagef("unexpected argument %q", fs.Arg(0))
	}
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "token" })
	if given {
		if err := checkToken(o.token); err != nil {
			return o, err
		}
	}
	if err := checkAddr(o.addr, o.token); err != nil {
		return o, err
	}
	return o, nil
}

// checkToken accepts visible ASCII only: a token travels in a header and in the address the
// server prints, and a blank or spaced one could never be sent back as it was given.
func checkToken(token string) error {
	if token == "" {
		return usagef("--token is empty: give at least %d visible characters, or leave --token out for a random token", minRemoteToken)
	}
	for i := 0; i < len(token); i++ {
		if c := token[i]; c <= ' ' || c > '~' {
			return usagef("--token has a space, control or non-ASCII character at position %d: use letters, digits and punctuation only (at least %d of them)", i+1, minRemoteToken)
		}
	}
	return nil
}

// checkAddr refuses to expose the data beyond this machine unless the user chose a token
// on purpose: a random one printed to a terminal is fine for a local browser, not for a LAN.
func checkAddr(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--addr %q is not host:port (e.g. 127.0.0.1:8787)", addr)
	}
	if isLoopback(host) {
		return nil
	}
	if token == "" {
		return usagef("--addr %s is reachable from other machines: give an explicit --token (at least %d characters), or use 127.0.0.1", addr, minRemoteToken)
	}
	if len(token) < minRemoteToken {
		return usagef("--token is too short to guard %s, which other machines can reach: use at least %d characters", addr, minRemoteToken)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func newToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("cannot make a token: %v", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// serveWeb runs the server until ctx ends, then shuts down gracefully: requests in flight
// finish, event streams close, workers drain, the store closes. ready is called once the
// server accepts connections.
func serveWeb(ctx context.Context, o webOptions, ready func(url, dbPath string)) error {
	token := o.token
	if token == "" {
		t, err := newToken()
		if err != nil {
			return err
		}
		token = t
	}
	h, err := host.Open(host.Options{DataDir: o.data, NoDemo: o.noDemo, Remote: true})
	if err != nil {
		return err
	}
	defer h.Stop()

	hub := rpc.NewHub()
	h.Events.Add(hub)
	ui := frontend.Dist()
	if !rpc.HasIndex(ui) {
		fmt.Fprintln(os.Stderr, "commhubd: this binary has no UI built in (the API still works): run `npm ci && npm run build` in frontend/, then rebuild commhubd")
	}
	addrHost, _, _ := net.SplitHostPort(o.addr)
	handler, err := rpc.NewHandler(rpc.Config{Services: h.Services.Bound(), Token: token, Hub: hub, UI: ui,
		Hosts: []string{addrHost}})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s (%v): is another commhubd running? choose another --addr", o.addr, err)
	}
	if err := h.Start(ctx); err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	srv.RegisterOnShutdown(hub.Close)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	ready(fmt.Sprintf("http://%s/?token=%s", ln.Addr(), url.QueryEscape(token)), h.Store.Path)

	select {
	case err := <-served:
		return fmt.Errorf("the server stopped: %v", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}
