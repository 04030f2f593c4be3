package rpc

import (
	"crypto/subtle"
	"errors"
	"io"
	"io/fs"
	"log"
	"net/http"
	"strconv"
	"strings"
	"unicode"
)

// DefaultMaxBody bounds a request body. It is generous because imports may send a whole
// CSV file as an argument, yet small enough that a runaway client cannot exhaust memory.
const DefaultMaxBody = 32 << 20

// Config describes one bridge.
type Config struct {
	// Services are the bound services, as api.Services.Bound() lists them.
	Services []any
	// Token is required as "Authorization: Bearer <token>" on /rpc and /events. It must not
	// be empty: the bridge is never served without one.
	Token string
	// Hub streams events at /events; nil serves no events.
	Hub *Hub
	// UI is the built frontend (index.html at its root); nil or unbuilt serves a notice.
	UI fs.FS
	// MaxBody bounds request bodies; 0 means DefaultMaxBody.
	MaxBody int64
	// Logf records panics and server faults; nil uses the standard logger.
	Logf func(format string, args ...any)
	// Hosts are extra names the server answers to (the host of --addr). Loopback names and
	// the address a connection arrives on are always accepted; any other Host header is
	// refused with 421.
	Hosts []string
}

// NewHandler builds the bridge's HTTP handler.
func NewHandler(cfg Config) (http.Handler, error) {
	if strings.TrimSpace(cfg.Token) == "" || strings.ContainsFunc(cfg.Token, unicode.IsSpace) {
		return nil, errors.New("rpc: refusing to serve without a token, or with one that has spaces (it could never be sent back as given)")
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.Logf == nil {
		cfg.Logf = log.Printf
	}
	d, err := NewDispatcher(cfg.Services)
	if err != nil {
		return nil, err
	}
	d.Logf = cfg.Logf
	token := []byte(cfg.Token)
	mux := http.NewServeMux()
	mux.Handle("/rpc/", requireToken(token, &rpcHandler{d: d, maxBody: cfg.MaxBody}))
	if cfg.Hub != nil {
		mux.Handle("/events", requireToken(token, cfg.Hub))
	}
	mux.Handle("/", NewUIHandler(cfg.UI))
	return withSafetyHeaders(withHostCheck(cfg.Hosts, mux)), nil
}

// withSafetyHeaders keeps the app out of other sites' frames, and keeps the address, which
// carries the token on the first load, out of the Referer of links the user follows.
func withSafetyHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// requireToken lets a request through only with the right bearer token, compared in constant
// time so that response timing does not leak how much of a guess was right.
func requireToken(token []byte, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := bearer(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="commhub"`)
			writeError(w, &Error{Code: CodeUnauthorized, Status: http.StatusUnauthorized,
				Message: "missing token: send the header \"Authorization: Bearer <token>\" with the token commhubd printed at start"})
			return
		}
		if subtle.ConstantTimeCompare([]byte(got), token) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="commhub", error="invalid_token"`)
			writeError(w, &Error{Code: CodeUnauthorized, Status: http.StatusUnauthorized,
				Message: "wrong token: use the token commhubd printed at start (open the URL it printed)"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearer reads the token from the Authorization header. GET /events also accepts ?token=,
// because a browser's EventSource cannot set headers.
func bearer(r *http.Request) (string, bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return "", false
		}
		return strings.TrimSpace(tok), true
	}
	if r.URL.Path == "/events" && r.Method == http.MethodGet {
		if tok := r.URL.Query().Get("token"); tok != "" {
			return tok, true
		}
	}
	return "", false
}

type rpcHandler struct {
	d       *Dispatcher
	maxBody int64
}

func (h *rpcHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, &Error{Code: CodeInvalid, Status: http.StatusMethodNotAllowed,
			Message: r.Method + " is not allowed on " + r.URL.Path + ": call methods with POST and a JSON array of arguments"})
		return
	}
	service, name, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/rpc/"), ".")
	if !ok || service == "" || name == "" || strings.Contains(name, "/") {
		writeError(w, notFoundf("%q is not a method path: use /rpc/<Service>.<Method>, e.g. /rpc/Network.Summary; the services are %s",
			r.URL.Path, strings.Join(h.d.Services(), ", ")))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, &Error{Code: CodeInvalid, Status: http.StatusRequestEntityTooLarge,
				Message: "the request body is larger than the limit of " + formatBytes(tooBig.Limit) + ": send less data per call"})
			return
		}
		writeError(w, invalidf("could not read the request body: %v", err))
		return
	}
	out, rerr := h.d.Call(service, name, body)
	if rerr != nil {
		writeError(w, rerr)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
