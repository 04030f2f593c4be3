package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func intp(v int) *int { return &v }

func TestWindowStateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := windowState{Width: 1400, Height: 900, X: intp(40), Y: intp(30), Maximised: true}
	if err := saveWindowState(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := loadWindowState(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.Width != 1400 || got.Height != 900 || *got.X != 40 || *got.Y != 30 || !got.Maximised {
		t.Fatalf("loaded %+v, want %+v", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, windowStateFile+".tmp")); !os.IsNotExist(err) {
		t.Fatalf("temporary file left behind: %v", err)
	}
}

func TestWindowStateMissingOrBrokenFallsBack(t *testing.T) {
	dir := t.TempDir()
	got, err := loadWindowState(dir)
	if err != nil || got != defaultWindowState() {
		t.Fatalf("missing file: got %+v, %v; want defaults, nil", got, err)
	}
	if err := os.WriteFile(filepath.Join(dir, windowStateFile), []byte("{width: oops"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err = loadWindowState(dir)
	if err == nil || !strings.Contains(err.Error(), windowStateFile) {
		t.Fatalf("broken file: error %v should name %s", err, windowStateFile)
	}
	if got != defaultWindowState() {
		t.Fatalf("broken file: got %+v, want defaults", got)
	}
}

func TestWindowStateSane(t *testing.T) {
	cases := []struct {
		name          string
		in            windowState
		width, height int
	}{
		{"kept", windowState{Width: 1100, Height: 700}, 1100, 700},
		{"raised to minimum", windowState{Width: 300, Height: 200}, minWidth, minHeight},
		{"zero is default", windowState{}, defaultWidth, defaultHeight},
		{"negative is default", windowState{Width: -5, Height: 700}, defaultWidth, defaultHeight},
		{"absurd is default", windowState{Width: 99999, Height: 700}, defaultWidth, defaultHeight},
	}
	for _, c := range cases {
		got := c.in.sane()
		if got.Width != c.width || got.Height != c.height {
			t.Errorf("%s: got %dx%d, want %dx%d", c.name, got.Width, got.Height, c.width, c.height)
		}
	}
}

func TestWindowStatePlaceable(t *testing.T) {
	area := screenArea{Width: 1920, Height: 1080}
	cases := []struct {
		name string
		x, y *int
		want bool
	}{
		{"never placed", nil, nil, false},
		{"on screen", intp(100), intp(80), true},
		{"partly left but grabbable", intp(-1000), intp(80), true},
		{"fully left", intp(-1270), intp(80), false},
		{"right of the desktop", intp(1900), intp(80), false},
		{"title bar above the screen", intp(100), intp(-10), false},
		{"below the screen", intp(100), intp(1000), false},
	}
	for _, c := range cases {
		st := windowState{Width: 1280, Height: 800, X: c.x, Y: c.y}
		if got := st.placeable(area); got != c.want {
			t.Errorf("%s: placeable = %v, want %v", c.name, got, c.want)
		}
	}
	if (windowState{Width: 1280, Height: 800, X: intp(0), Y: intp(0)}).placeable(screenArea{}) {
		t.Error("unknown screens must not be trusted with a stored position")
	}
}

func TestWindowStateFitTo(t *testing.T) {
	got := windowState{Width: 2500, Height: 1400}.fitTo(screenArea{Width: 1366, Height: 768})
	if got.Width != 1366 || got.Height != 768 {
		t.Fatalf("fit to laptop screen: got %dx%d", got.Width, got.Height)
	}
	got = windowState{Width: 1280, Height: 800}.fitTo(screenArea{Width: 800, Height: 500})
	if got.Width != minWidth || got.Height != minHeight {
		t.Fatalf("tiny screen keeps the minimum: got %dx%d", got.Width, got.Height)
	}
	same := windowState{Width: 1280, Height: 800}
	if same.fitTo(screenArea{}) != same {
		t.Fatal("unknown screens must leave the size alone")
	}
}
