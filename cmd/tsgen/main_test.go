package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"commhub/backend/api"
	"commhub/backend/api/tsgen"
	"commhub/backend/events"
)

const root = "../.."

// The committed TypeScript contract must be what the Go types say today; otherwise the UI
// compiles against shapes the backend no longer sends.
func TestGeneratedFileIsCurrent(t *testing.T) {
	want, err := tsgen.Generate(api.Contract())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, Output))
	if err != nil {
		t.Fatalf("%v: generate it with `%s` from the repository root", err, tsgen.Command)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date with the Go types (first difference: %s).\nRun `%s` from the repository root and commit the result.",
			Output, firstDifference(got, want), tsgen.Command)
	}
}

func firstDifference(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d is %q, the Go types say %q", i+1, gl, wl)
		}
	}
	return "none"
}

func TestEveryEventHasAPayloadType(t *testing.T) {
	for _, name := range events.All() {
		if api.EventPayloads[name] == nil {
			t.Errorf("event %s has no payload type in api.EventPayloads", name)
		}
	}
	if len(api.EventPayloads) != len(events.All()) {
		t.Errorf("api.EventPayloads names %d events, events.All %d", len(api.EventPayloads), len(events.All()))
	}
}

// The UI subscribes through the generated Events constants, so a renamed event is a type
// error there; a string literal would silently never fire.
func TestFrontendNamesEventsOnlyThroughTheGeneratedConstants(t *testing.T) {
	for _, dir := range []string{"frontend/src", "frontend/e2e"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Base(path) == "generated.ts" ||
				!(strings.HasSuffix(path, ".ts") || strings.HasSuffix(path, ".tsx")) {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, name := range events.All() {
				for _, q := range []string{"'", "\"", "`"} {
					if bytes.Contains(src, []byte(q+string(name)+q)) {
						t.Errorf("%s spells the event name %q: use Events from api/generated.ts", path, name)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
