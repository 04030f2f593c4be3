package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// dataFlag is the --data option every subcommand that works on a data folder takes.
func dataFlag(fs *flag.FlagSet, dir *string) {
	fs.StringVar(dir, "data", "", "data folder (default: $COMMHUB_DATA, else CommHub in the user config folder)")
}

// parseFlags parses args with fs. A mistake comes back as a usage error that run reports
// once, so fs itself prints nothing; -h prints help, then the option list, on standard
// error and returns flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string, help string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(os.Stderr)
		fmt.Fprintln(os.Stderr, help)
		fs.PrintDefaults()
		return err
	}
	return usagef("%v", err)
}
