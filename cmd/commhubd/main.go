// Command commhubd is CommHub without a window: `commhubd web` serves the full UI and the
// API to a browser; other subcommands work on the same data folder from a shell.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// command is one subcommand. Each lives in its own file and gets one line in commands.
type command struct {
	name    string
	args    string // argument synopsis for the usage text
	summary string
	run     func(args []string) error
}

var commands = []command{
	{"web", "[--addr 127.0.0.1:8787] [--data DIR] [--token T] [--no-demo]", "serve the CommHub UI and API to a browser", runWeb},
	{"send", "--message ID | --run ID [--data DIR]", "send a message now (or continue a run) and print its totals as JSON", runSend},
	{"schedule", "[--data DIR] [--all]", "list the scheduled messages that are due (or all with --all) as JSON", runSchedule},
	{"import", "--kind KIND [--data DIR] [--mapping JSON] [--dry-run] FILE", "import a CSV or XLSX file and print the result as JSON", runImport},
}

// usageError is a mistake on the command line: the usage text is printed and the exit
// status is 2, as for any Unix tool.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:])
		var ue *usageError
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "commhubd %s: %s\nusage: commhubd %s %s\n", c.name, ue.msg, c.name, c.args)
			return 2
		default:
			fmt.Fprintf(stderr, "commhubd %s: %s\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "commhubd: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: commhubd <command> [arguments]\n\ncommands:")
	width := 0
	for _, c := range commands {
		width = max(width, len(c.name))
	}
	for _, c := range commands {
		fmt.Fprintf(w, "  %-*s  %s\n  %*s  %s %s\n", width, c.name, c.summary, width, "", c.name, c.args)
	}
	fmt.Fprintln(w, "\nRun `commhubd <command> -h` for the options of one command.")
}
