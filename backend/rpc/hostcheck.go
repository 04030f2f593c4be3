package rpc

import (
	"net"
	"net/http"
	"strconv"
	"strings"
)

// withHostCheck answers only requests addressed to this server by a name it is known by.
// A web page on another site can point its own host name at 127.0.0.1 (DNS rebinding) and
// then reach the bridge from the user's browser as if it were same-origin; its requests
// still carry that foreign name in Host, so they are refused here before anything else.
func withHostCheck(names []string, next http.Handler) http.Handler {
	allowed := map[string]bool{"localhost": true}
	for _, n := range names {
		if n = normalHost(n); n != "" {
			allowed[n] = true
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !hostAllowed(r, allowed) {
			writeError(w, &Error{Code: CodeInvalid, Status: http.StatusMisdirectedRequest,
				Message: "this server does not answer to the host name " + strconv.Quote(r.Host) +
					": open it by the address commhubd printed (e.g. http://127.0.0.1:8787/), or start commhubd with --addr set to the name you use"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// hostAllowed accepts a loopback address, the address the connection arrived on, or a
// configured name, each with the port the server listens on.
func hostAllowed(r *http.Request, allowed map[string]bool) bool {
	name, port := splitHost(r.Host)
	if name == "" {
		return false
	}
	local, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if local != nil {
		lhost, lport, err := net.SplitHostPort(local.String())
		if err == nil {
			if port != lport {
				return false
			}
			if normalHost(lhost) == name {
				return true
			}
		}
	}
	if ip := net.ParseIP(name); ip != nil && ip.IsLoopback() {
		return true
	}
	return allowed[name]
}

// splitHost separates a Host header into a lower-case name and a port (80 when absent).
func splitHost(h string) (string, string) {
	name, port, err := net.SplitHostPort(h)
	if err != nil {
		name, port = h, "80"
	}
	return normalHost(name), port
}

func normalHost(n string) string {
	return strings.TrimSuffix(strings.ToLower(strings.Trim(n, "[]")), ".")
}
