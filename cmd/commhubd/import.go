package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"commhub/backend/fault"
	"commhub/backend/network/imports"
	"commhub/backend/settings"
	"commhub/backend/store"

	"commhub/backend/events"
)

// importOut receives the result JSON and importLog the progress lines; tests replace them.
var (
	importOut io.Writer = os.Stdout
	importLog io.Writer = os.Stderr
)

// progressLog prints a progress line on standard error at most once a second, so a long
// import shows it is alive while standard output stays pure JSON.
type progressLog struct {
	last     time.Time
	lastLine string
}

func (p *progressLog) Emit(name events.Name, data any) {
	ev, ok := data.(imports.ProgressEvent)
	if !ok || name != events.ImportsProgress || (!ev.Done && time.Since(p.last) < time.Second) {
		return
	}
	p.last = time.Now()
	pct := ""
	if ev.TotalBytes > 0 {
		pct = fmt.Sprintf(" (%d%%)", ev.BytesRead*100/ev.TotalBytes)
	}
	line := fmt.Sprintf("%s: %d rows read%s, %d inserted, %d updated, %d unchanged, %d rejected\n",
		ev.FileName, ev.Rows, pct, ev.Inserted, ev.Updated, ev.Unchanged, ev.Errors)
	// A small file is done by its first report; saying it twice looks like two imports.
	if line != p.lastLine {
		fmt.Fprint(importLog, line)
	}
	p.lastLine = line
}

type importOptions struct {
	data, kind, file, mapping, demo string
	dryRun                          bool
}

// runImport imports one file into the data folder and prints the result as JSON. Rejected
// rows are part of the result, not a failure: the exit status is non-zero only when the
// file (or the store) could not be read at all.
func runImport(args []string) error {
	o, err := parseImport(args)
	if err != nil {
		return err
	}
	mapping, err := readMapping(o.mapping)
	if err != nil {
		return usagef("%v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	dir := o.data
	if dir == "" {
		if dir, err = store.DefaultDir(); err != nil {
			return err
		}
	}
	s, err := store.Open(dir)
	if err != nil {
		return err
	}
	defer s.Close()
	db, err := s.DB.DB()
	if err != nil {
		return err
	}
	st, err := os.Stat(o.file)
	if err != nil {
		return fmt.Errorf("cannot read %s: %v", o.file, err)
	}
	f := imports.File{Name: o.file, Size: st.Size(), Open: func() (io.ReadCloser, error) { return os.Open(o.file) }}
	res, err := imports.Run(ctx, db, f, o.kind, imports.Options{Mapping: mapping, DryRun: o.dryRun, Events: &progressLog{},
		BeforeWrite: func() error { return demoFirst(s, o.demo) }})
	if res != nil {
		out, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintln(importOut, string(out))
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted: run the same command again to continue after the last stored batch")
	}
	return err
}

// readMapping takes inline JSON ({"email":"E-mail"}) or the path of a JSON file.
func readMapping(s string) (imports.Mapping, error) {
	if s == "" {
		return nil, nil
	}
	data := []byte(s)
	if !strings.HasPrefix(strings.TrimSpace(s), "{") {
		b, err := os.ReadFile(s)
		if err != nil {
			return nil, fmt.Errorf("--mapping: %v (give JSON such as {\"email\":\"E-mail\"} or a JSON file)", err)
		}
		data = b
	}
	var m imports.Mapping
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("--mapping is not a JSON object of field to column (%v), e.g. {\"email\":\"E-mail\"}", err)
	}
	return m, nil
}

// parseImport accepts the flags before and after FILE.
func parseImport(args []string) (importOptions, error) {
	var o importOptions
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dataFlag(fs, &o.data)
	fs.StringVar(&o.kind, "kind", "", "what the file holds: "+strings.Join(imports.KindNames(), ", "))
	fs.StringVar(&o.mapping, "mapping", "", `column mapping overrides as JSON (field -> column), e.g. {"email":"E-mail"}, or a JSON file`)
	fs.BoolVar(&o.dryRun, "dry-run", false, "check the file and report what would change, without writing")
	fs.StringVar(&o.demo, "demo", "", "while the store holds only the demo network: clear it first, or keep it next to the import (clear, keep)")
	var files []string
	for {
		if err := parseFlags(fs, args, "usage: commhubd import --kind KIND [--data DIR] [--mapping JSON] [--dry-run] [--demo clear|keep] FILE\n\nImports a CSV or XLSX file and prints the result as JSON.\n\noptions:"); err != nil {
			return o, err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case len(files) != 1:
		return o, usagef("give exactly one FILE to import (got %d)", len(files))
	case o.kind == "":
		return o, usagef("--kind is required (%s)", strings.Join(imports.KindNames(), ", "))
	case o.demo != store.DemoAsk && o.demo != store.DemoClear && o.demo != store.DemoKeep:
		return o, usagef("--demo is %q: use clear (remove the demo network first) or keep", o.demo)
	}
	if _, err := imports.LookupKind(o.kind); err != nil {
		return o, usagef("%v", err)
	}
	o.file = files[0]
	return o, nil
}

// demoFirst applies --demo before the import writes; asked nothing, it refuses to mix a
// first import into the demo network.
func demoFirst(s *store.Store, choice string) error {
	cleared, err := store.BeforeOwnData(s.DB, choice)
	if fault.KindOf(err) == fault.Conflict {
		return fmt.Errorf("%v: run again with --demo clear or --demo keep", err)
	}
	if err != nil || !cleared {
		return err
	}
	return settings.ForgetDemo(s.DB)
}
