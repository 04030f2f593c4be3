package rpc

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// notBuiltPage answers every UI request when the binary was built without the frontend.
const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CommHub: UI not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em}
code{background:#eee;padding:.1em .3em;border-radius:3px}</style></head>
<body><h1>The CommHub UI is not built</h1>
<p>This binary was compiled before the frontend was built, so it has no pages to show.
Build the UI, then rebuild the server:</p>
<p><code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build &amp;&amp; cd .. &amp;&amp; go build ./cmd/commhubd</code></p>
<p>The API at <code>/rpc</code> and the event stream at <code>/events</code> work without it.</p>
</body></html>
`

// NewUIHandler serves the built single-page app from ui. Paths that are not files get
// index.html, so the app's own routes survive a reload; a missing asset (a path with a file
// extension) is a plain 404 rather than HTML the browser would try to run as a script.
func NewUIHandler(ui fs.FS) http.Handler {
	if !HasIndex(ui) {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(notBuiltPage))
		})
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" || name == "index.html" {
			serveIndex(w, r, ui)
			return
		}
		info, err := fs.Stat(ui, name)
		switch {
		case err == nil && !info.IsDir():
			if strings.HasPrefix(name, "assets/") {
				// Vite puts a content hash in every asset name, so they never change.
				w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			http.ServeFileFS(w, r, ui, name)
		case (err == nil || errors.Is(err, fs.ErrNotExist)) && path.Ext(name) == "":
			serveIndex(w, r, ui)
		default:
			http.NotFound(w, r)
		}
	})
}

// HasIndex reports whether ui holds a built app rather than the empty placeholder.
func HasIndex(ui fs.FS) bool {
	if ui == nil {
		return false
	}
	info, err := fs.Stat(ui, "index.html")
	return err == nil && !info.IsDir()
}

func serveIndex(w http.ResponseWriter, r *http.Request, ui fs.FS) {
	b, err := fs.ReadFile(ui, "index.html")
	if err != nil {
		http.Error(w, "cannot read index.html: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// index.html names the current hashed assets, so it must never be cached.
	w.Header().Set("Cache-Control", "no-cache")
	if r.Method == http.MethodHead {
		return
	}
	w.Write(b)
}
