package main

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/signal"
	goruntime "runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"gorm.io/gorm"

	"commhub/backend/events"
	"commhub/backend/host"
	"commhub/backend/model"
)

// App is the window's lifecycle around the host: start the host when Wails is up, show
// the window once the page has painted, remember the window, stop the host on the way out.
type App struct {
	dataDir string
	ui      fs.FS
	host    *host.Host
	window  windowState
	events  *wailsSink

	showOnce sync.Once
	quitting atomic.Bool // set when the quit was asked for by a signal, not by the user
	failed   atomic.Bool // the host could not start; main exits non-zero
	// BusyWork says what closing the window would interrupt ("2 sends are running"), or
	// "" when nothing runs. Closing the window then asks whether to quit anyway: today the
	// answer is quit or stay; running on in the background would add a third choice.
	BusyWork func() string
}

func newApp(dataDir string, h *host.Host, ui fs.FS) *App {
	a := &App{dataDir: dataDir, ui: ui, host: h, events: &wailsSink{}}
	st, err := loadWindowState(dataDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "commhub:", err)
	}
	a.window = st
	a.BusyWork = runningSends(h.Store.DB)
	h.Events.Add(a.events)
	a.noticeSignals()
	return a
}

// startup runs once Wails has a context: events can flow and the host's background work
// (scheduler, due scan) starts.
func (a *App) startup(ctx context.Context) {
	a.events.attach(ctx)
	if err := a.host.Start(ctx); err != nil {
		a.failed.Store(true)
		fmt.Fprintln(os.Stderr, "commhub:", err)
		go func() {
			errorDialog(ctx, "CommHub cannot start", err.Error())
			runtime.Quit(ctx)
		}()
	}
}

// domReady shows the window the first time the page is ready, placed where it was last
// time if that place is still on a screen, else centred. Reloads do not move it again.
func (a *App) domReady(ctx context.Context) {
	a.showOnce.Do(func() {
		if a.failed.Load() {
			return
		}
		area := desktopArea(ctx)
		fitted := a.window.fitTo(area)
		if fitted != a.window && !a.window.Maximised {
			runtime.WindowSetSize(ctx, fitted.Width, fitted.Height)
			a.window = fitted
		}
		if a.window.placeable(area) {
			runtime.WindowSetPosition(ctx, *a.window.X, *a.window.Y)
		} else {
			runtime.WindowCenter(ctx)
		}
		runtime.WindowShow(ctx)
	})
}

// secondInstance brings the window forward when CommHub is started again on the same data.
func (a *App) secondInstance(options.SecondInstanceData) {
	if ctx := a.events.context(); ctx != nil {
		runtime.WindowUnminimise(ctx)
		runtime.WindowShow(ctx)
	}
}

// beforeClose asks before interrupting running work, then remembers the window. Returning
// true keeps the window open.
func (a *App) beforeClose(ctx context.Context) bool {
	if !a.quitting.Load() && a.BusyWork != nil {
		if work := a.BusyWork(); work != "" && !confirmQuit(ctx, work) {
			return true
		}
	}
	a.rememberWindow(ctx)
	return false
}

// shutdown stops the host: background work drains and the database closes cleanly.
func (a *App) shutdown(context.Context) {
	a.events.detach()
	a.host.Stop()
}

// rememberWindow stores the normal (not maximised) geometry, so un-maximising next time
// returns to the size the user chose. A minimised window reports no useful position.
func (a *App) rememberWindow(ctx context.Context) {
	if a.failed.Load() || runtime.WindowIsMinimised(ctx) {
		return
	}
	st := a.window
	st.Maximised = runtime.WindowIsMaximised(ctx) || runtime.WindowIsFullscreen(ctx)
	if !st.Maximised {
		st.Width, st.Height = runtime.WindowGetSize(ctx)
		x, y := runtime.WindowGetPosition(ctx)
		st.X, st.Y = &x, &y
	}
	a.window = st.sane()
	if err := saveWindowState(a.dataDir, a.window); err != nil {
		fmt.Fprintln(os.Stderr, "commhub:", err)
	}
}

// noticeSignals marks a quit caused by Ctrl+C or a service manager's SIGTERM. Wails itself
// turns the signal into a normal quit (window remembered, host stopped); this only makes
// sure such a quit never waits on a question nobody is there to answer.
func (a *App) noticeSignals() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		a.quitting.Store(true)
	}()
}

// runningSends reports send runs in progress. A run left running resumes at the next
// start, so quitting pauses it rather than losing it.
func runningSends(db *gorm.DB) func() string {
	return func() string {
		var n int64
		if err := db.Model(&model.Run{}).Where("status = ?", model.RunRunning).Count(&n).Error; err != nil || n == 0 {
			return ""
		}
		if n == 1 {
			return "A send is running"
		}
		return fmt.Sprintf("%d sends are running", n)
	}
}

// confirmQuit asks whether to stop running work by quitting. Keeping the app alive in
// the background (tray) is the later step this question leads to.
func confirmQuit(ctx context.Context, work string) bool {
	answer, err := runtime.MessageDialog(ctx, runtime.MessageDialogOptions{
		Type:          runtime.QuestionDialog,
		Title:         "Quit CommHub?",
		Message:       dialogText(work + ".\n\nQuit anyway? Sending pauses and carries on the next time CommHub starts."),
		Buttons:       []string{"Quit", "Keep open"},
		DefaultButton: "Keep open",
		CancelButton:  "Keep open",
	})
	return err == nil && (answer == "Quit" || answer == "Yes")
}

// desktopArea approximates the desktop as the screens side by side; Wails v2 reports
// screen sizes but not their arrangement.
func desktopArea(ctx context.Context) screenArea {
	screens, err := runtime.ScreenGetAll(ctx)
	if err != nil {
		return screenArea{}
	}
	var area screenArea
	for _, s := range screens {
		area.Width += s.Size.Width
		area.Height = max(area.Height, s.Size.Height)
	}
	return area
}

func errorDialog(ctx context.Context, title, msg string) {
	_, _ = runtime.MessageDialog(ctx, runtime.MessageDialogOptions{
		Type:    runtime.ErrorDialog,
		Title:   title,
		Message: dialogText(msg),
	})
}

// dialogText protects the message from GTK, which reads a dialog's text as a printf
// format: a "%" in a file path would otherwise garble or crash the dialog.
func dialogText(msg string) string {
	if goruntime.GOOS == "linux" {
		return strings.ReplaceAll(msg, "%", "%%")
	}
	return msg
}

// showFatal runs a hidden, empty Wails app whose only job is the native error dialog:
// the host is not there, so there is nothing to show in a window.
func showFatal(title, msg string) {
	// The dialog runs its own GTK loop, which Wails' quit on Ctrl+C cannot end: exit directly.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		os.Exit(1)
	}()
	blank := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!doctype html><title>CommHub</title>"))
	})
	_ = wails.Run(&options.App{
		Title:       appTitle,
		Width:       480,
		Height:      240,
		StartHidden: true,
		AssetServer: &assetserver.Options{Handler: blank},
		Linux:       &linux.Options{Icon: appIcon, ProgramName: appTitle},
		OnStartup: func(ctx context.Context) {
			go func() {
				errorDialog(ctx, title, msg)
				runtime.Quit(ctx)
			}()
		},
	})
}

// wailsSink forwards backend events to the window. Events emitted before Wails is up or
// after it has shut down are dropped: there is no window to show them.
type wailsSink struct {
	ctx atomic.Pointer[context.Context]
}

func (s *wailsSink) attach(ctx context.Context) { s.ctx.Store(&ctx) }
func (s *wailsSink) detach()                    { s.ctx.Store(nil) }

func (s *wailsSink) context() context.Context {
	if ctx := s.ctx.Load(); ctx != nil {
		return *ctx
	}
	return nil
}

// Emit implements events.Sink.
func (s *wailsSink) Emit(name events.Name, data any) {
	if ctx := s.context(); ctx != nil {
		runtime.EventsEmit(ctx, string(name), data)
	}
}
