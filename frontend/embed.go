// Package frontend carries the built UI (frontend/dist) inside the Go binaries: the Wails app
// and commhubd serve the same files.
package frontend

import (
	"embed"
	"io/fs"
)

// The "all:" prefix keeps dist/.gitkeep, so the package compiles before the first UI build.
//
//go:embed all:dist
var dist embed.FS

// Dist returns the built UI with index.html at its root. Before `npm run build` it holds
// only the placeholder; callers check for index.html and explain how to build the UI.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only for an invalid path name, and "dist" is valid.
		panic(err)
	}
	return sub
}
