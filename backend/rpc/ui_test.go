package rpc

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"commhub/frontend"
)

func get(t *testing.T, h http.Handler, path string) (int, string, http.Header) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	res, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

func TestUIServesFilesAndFallsBackToIndex(t *testing.T) {
	ui := fstest.MapFS{
		"index.html":    {Data: []byte("<html>app</html>")},
		"assets/app.js": {Data: []byte("console.log(1)")},
		"favicon.svg":   {Data: []byte("<svg/>")},
	}
	h, err := NewHandler(Config{Services: nil, Token: testToken, UI: ui})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path   string
		status int
		body   string
	}{
		{"/", 200, "<html>app</html>"},
		{"/?token=abc", 200, "<html>app</html>"},
		{"/index.html", 200, "<html>app</html>"},
		{"/network/partners", 200, "<html>app</html>"}, // an app route survives a reload
		{"/assets", 200, "<html>app</html>"},           // a directory is not listed
		{"/assets/app.js", 200, "console.log(1)"},
		{"/favicon.svg", 200, "<svg/>"},
		{"/assets/gone.js", 404, "404 page not found\n"}, // never HTML for a missing script
		{"/../../etc/passwd", 200, "<html>app</html>"},
	} {
		status, body, hdr := get(t, h, c.path)
		if status != c.status || body != c.body {
			t.Errorf("%s: %d %q, want %d %q", c.path, status, body, c.status, c.body)
		}
		if c.path == "/?token=abc" && hdr.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("the page that carries the token must not leak it in a Referer")
		}
		if c.path == "/assets/app.js" && !strings.Contains(hdr.Get("Cache-Control"), "immutable") {
			t.Errorf("hashed assets should be cached for good, got %q", hdr.Get("Cache-Control"))
		}
	}
}

func TestUnbuiltUIExplainsHowToBuildIt(t *testing.T) {
	for name, ui := range map[string]http.Handler{
		"nil":         NewUIHandler(nil),
		"placeholder": NewUIHandler(fstest.MapFS{".gitkeep": {}}),
	} {
		status, body, _ := get(t, ui, "/")
		if status != http.StatusServiceUnavailable || !strings.Contains(body, "npm run build") {
			t.Errorf("%s: %d %q", name, status, body)
		}
	}
}

func TestEmbeddedDistIsServed(t *testing.T) {
	// Whatever the build state, the embedded folder either serves the app or the notice.
	status, body, _ := get(t, NewUIHandler(frontend.Dist()), "/")
	if HasIndex(frontend.Dist()) {
		if status != 200 || !strings.Contains(strings.ToLower(body), "<html") {
			t.Fatalf("built UI: %d %q", status, body)
		}
	} else if status != 503 || !strings.Contains(body, "not built") {
		t.Fatalf("placeholder UI: %d %q", status, body)
	}
}
