package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// windowStateFile sits beside the database so each data folder remembers its own window.
const windowStateFile = "window.json"

// Window size limits. The minimum keeps the navigation and a table usable side by side.
const (
	defaultWidth  = 1280
	defaultHeight = 800
	minWidth      = 960
	minHeight     = 600
	// Larger than any real screen: a bigger stored size is a corrupt file, not a preference.
	maxStoredSide = 16384
	// At least this much of the window must stay on a screen, or it is re-centred.
	minVisible = 120
)

// windowState is what the app remembers between runs. Position is nil until the window
// has been placed once, so a first start lets the window manager centre it.
type windowState struct {
	Width     int  `json:"width"`
	Height    int  `json:"height"`
	X         *int `json:"x,omitempty"`
	Y         *int `json:"y,omitempty"`
	Maximised bool `json:"maximised,omitempty"`
}

// screenArea is the desktop the window can be shown on, as the union of all screens.
type screenArea struct{ Width, Height int }

func defaultWindowState() windowState {
	return windowState{Width: defaultWidth, Height: defaultHeight}
}

// loadWindowState reads the remembered window, falling back to the defaults when the file
// is missing or unreadable: a broken preference file must never stop the app starting.
func loadWindowState(dir string) (windowState, error) {
	st := defaultWindowState()
	data, err := os.ReadFile(filepath.Join(dir, windowStateFile))
	if errors.Is(err, os.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("read window state: %w", err)
	}
	var got windowState
	if err := json.Unmarshal(data, &got); err != nil {
		return st, fmt.Errorf("window state %s is not valid JSON (%v): using the default size", windowStateFile, err)
	}
	return got.sane(), nil
}

// saveWindowState writes through a temporary file so a crash mid-write leaves the old file.
func saveWindowState(dir string, st windowState) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(dir, windowStateFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("save window state: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("save window state: %w", err)
	}
	return nil
}

// sane clamps the size to what the window accepts; values out of range fall back to defaults.
func (s windowState) sane() windowState {
	if s.Width <= 0 || s.Width > maxStoredSide || s.Height <= 0 || s.Height > maxStoredSide {
		s.Width, s.Height = defaultWidth, defaultHeight
	}
	s.Width = max(s.Width, minWidth)
	s.Height = max(s.Height, minHeight)
	return s
}

// placeable reports whether the remembered position keeps enough of the window on the
// screens present now. A monitor unplugged since the last run would otherwise leave the
// window invisible.
func (s windowState) placeable(area screenArea) bool {
	if s.X == nil || s.Y == nil || area.Width <= 0 || area.Height <= 0 {
		return false
	}
	x, y := *s.X, *s.Y
	if y < 0 || y > area.Height-minVisible { // the title bar must be reachable
		return false
	}
	return x+s.Width >= minVisible && x <= area.Width-minVisible
}

// fitTo shrinks the window to the screen it opens on, so it never opens larger than the desktop.
func (s windowState) fitTo(area screenArea) windowState {
	if area.Width > 0 && s.Width > area.Width {
		s.Width = max(area.Width, minWidth)
	}
	if area.Height > 0 && s.Height > area.Height {
		s.Height = max(area.Height, minHeight)
	}
	return s
}
