// Command CommHub is the desktop app: a Wails window around the React frontend, bound to
// the same backend services that `commhubd web` serves over HTTP.
package main

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	goruntime "runtime"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/mac"
	"github.com/wailsapp/wails/v2/pkg/options/windows"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"commhub/backend/host"
	"commhub/backend/rpc"
	"commhub/backend/store"
	"commhub/frontend"
)

//go:embed build/appicon.png
var appIcon []byte

const appTitle = "CommHub"

// config is what the command line and environment decide.
type config struct {
	dataDir string
	noDemo  bool
}

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "commhub:", err)
		os.Exit(2)
	}
	if bindingsBuild {
		if err := generateBindings(); err != nil {
			fmt.Fprintln(os.Stderr, "commhub: generating bindings:", err)
			os.Exit(1)
		}
		return
	}
	if goruntime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		// GTK would panic with a stack trace; say what to do instead.
		fmt.Fprintln(os.Stderr, "commhub: no display (DISPLAY and WAYLAND_DISPLAY are unset), so no window can open. "+
			"Run it from a desktop session, or serve the same app to a browser with `commhubd web`.")
		os.Exit(1)
	}
	ui := frontend.Dist()
	if _, err := fs.Stat(ui, "index.html"); err != nil {
		msg := "This CommHub binary was built without its user interface (frontend/dist is empty). " +
			"Build the UI first (npm run build in frontend/), then build the app again."
		fmt.Fprintln(os.Stderr, "commhub:", msg)
		showFatal("CommHub is incomplete", msg)
		os.Exit(1)
	}
	h, err := host.Open(host.Options{DataDir: cfg.dataDir, NoDemo: cfg.noDemo})
	if otherWindow(err) {
		// Wails' single-instance lock brings that window forward and ends this process;
		// it returns only when no window answered (the holder is still starting up).
		focusFirstWindow(cfg.dataDir)
	}
	if err != nil {
		// Never a blank window: a locked, read-only or corrupt database gets a native
		// dialog that says what is wrong, then the app exits.
		fmt.Fprintln(os.Stderr, "commhub:", err)
		showFatal("CommHub cannot open its data", err.Error())
		os.Exit(1)
	}
	app := newApp(cfg.dataDir, h, ui)
	if err := wails.Run(app.options()); err != nil {
		fmt.Fprintln(os.Stderr, "commhub:", err)
		os.Exit(1)
	}
	if app.failed.Load() {
		os.Exit(1)
	}
}

// generateBindings serves the bindings build: Wails reads the bound services' types and
// writes TypeScript. The services are built on a throw-away empty store, so generating
// bindings never touches the user's data folder.
func generateBindings() error {
	dir, err := os.MkdirTemp("", "commhub-bindings-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	h, err := host.Open(host.Options{DataDir: dir, NoDemo: true})
	if err != nil {
		return err
	}
	defer h.Stop()
	return wails.Run(&options.App{Title: appTitle, Bind: h.Services.Bound()})
}

// otherWindow says whether the data folder is held by another window of this app, which
// a second start should bring forward, rather than by a foreign program (commhubd),
// which the user must be told about.
func otherWindow(err error) bool {
	var inUse *store.InUseError
	return errors.As(err, &inUse) && inUse.Program == store.Program()
}

// focusFirstWindow starts Wails with only the single-instance lock of the data folder:
// the window already open on it is brought forward and this process exits.
func focusFirstWindow(dataDir string) {
	err := wails.Run(&options.App{
		Title:              appTitle,
		StartHidden:        true,
		AssetServer:        &assetserver.Options{Assets: frontend.Dist()},
		OnDomReady:         func(ctx context.Context) { runtime.Quit(ctx) },
		SingleInstanceLock: &options.SingleInstanceLock{UniqueId: instanceID(dataDir)},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "commhub:", err)
	}
}

// parseFlags reads --data DIR and --no-demo; COMMHUB_DATA and the OS user-data folder are
// the fallbacks for the data folder, in that order.
func parseFlags(args []string, out io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("CommHub", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&cfg.dataDir, "data", "", "data folder holding commhub.db (default: $COMMHUB_DATA, else the user config folder/CommHub)")
	fs.BoolVar(&cfg.noDemo, "no-demo", false, "start with an empty store instead of seeding the demo network")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q: CommHub takes only --data DIR and --no-demo", fs.Arg(0))
	}
	if cfg.dataDir == "" {
		dir, err := store.DefaultDir()
		if err != nil {
			return cfg, err
		}
		cfg.dataDir = dir
	}
	return cfg, nil
}

// options is the whole Wails configuration of the main window.
func (a *App) options() *options.App {
	w := a.window
	start := options.Normal
	if w.Maximised {
		start = options.Maximised
	}
	return &options.App{
		Title:     appTitle,
		Width:     w.Width,
		Height:    w.Height,
		MinWidth:  minWidth,
		MinHeight: minHeight,
		// Hidden until the page has painted (OnDomReady), so no white flash.
		StartHidden:      true,
		WindowStartState: start,
		BackgroundColour: &options.RGBA{R: 255, G: 255, B: 255, A: 255},
		AssetServer:      &assetserver.Options{Assets: a.ui},
		Menu:             appMenu(),
		OnStartup:        a.startup,
		OnDomReady:       a.domReady,
		OnBeforeClose:    a.beforeClose,
		OnShutdown:       a.shutdown,
		Bind:             a.host.Services.Bound(),
		// Errors reach the UI as the bridge's {"code","message"}, so the one transport
		// tells bad input (fix it) from faults (report it) in the window as in a browser.
		ErrorFormatter: rpc.DesktopError,
		// One window per data folder: a second start on the same folder brings the first
		// window forward instead of running a second scheduler on the same database.
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId:               instanceID(a.dataDir),
			OnSecondInstanceLaunch: a.secondInstance,
		},
		Linux: &linux.Options{
			Icon:        appIcon,
			ProgramName: appTitle,
		},
		Windows: &windows.Options{Theme: windows.SystemDefault},
		Mac: &mac.Options{
			About: &mac.AboutInfo{Title: appTitle, Message: "Mail, audiences and banners for affiliate networks.", Icon: appIcon},
		},
	}
}

// instanceID names the data folder in a form the platforms' single-instance locks accept
// (letters, digits and underscores).
func instanceID(dataDir string) string {
	if abs, err := filepath.Abs(dataDir); err == nil {
		dataDir = abs
	}
	sum := sha256.Sum256([]byte(dataDir))
	return "commhub_" + hex.EncodeToString(sum[:8])
}

// appMenu gives macOS its standard app and edit menus (without them copy and paste
// shortcuts do nothing); other platforms keep a menu-less window.
func appMenu() *menu.Menu {
	if goruntime.GOOS != "darwin" {
		return nil
	}
	m := menu.NewMenu()
	m.Append(menu.AppMenu())
	m.Append(menu.EditMenu())
	return m
}
