package everflow

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"commhub/backend/fault"
)

// CheckBase says whether the API key may be sent to base: over https, or over plain http to
// this machine only (a local test server). Anywhere else plain http shows the key to every
// network it crosses.
func CheckBase(base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fault.Invalidf("API base %q is not an http(s) URL: leave it empty for %s", base, DefaultBase)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return fault.Invalidf("API base %q uses plain http: the API key is only sent over https (plain http only to this machine, for tests); write https://%s%s", base, u.Host, u.Path)
	}
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// keepKeyHome follows a redirect only to the same host and never down to plain http: the
// key travels in a header of our own, which Go's client would otherwise copy to any host.
func keepKeyHome(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	first := via[0].URL
	if !strings.EqualFold(req.URL.Host, first.Host) || CheckBase(req.URL.String()) != nil {
		return fault.Invalidf("the API at %s redirected to %s://%s, where the API key is not sent: check the API base in Settings > Everflow sync", first.Host, req.URL.Scheme, req.URL.Host)
	}
	return nil
}
