package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"commhub/backend/delivery"
	"commhub/backend/host"
	"commhub/backend/model"
)

type sendOptions struct {
	data           string
	message, runID int64
}

// runSend sends a message (or resumes a run) with the same engine as the app, waits for
// the run to stop and prints its totals as JSON on standard output.
func runSend(args []string) error {
	o, err := parseSend(args)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	h, err := host.Open(host.Options{DataDir: o.data})
	if err != nil {
		return err
	}
	defer h.Stop()
	if err := h.Start(ctx); err != nil {
		return err
	}
	p, err := sendAndWait(ctx, h, o)
	if p.RunID != 0 {
		out, _ := json.MarshalIndent(p, "", "  ")
		fmt.Println(string(out))
	}
	if err != nil {
		return err
	}
	if p.Status != model.RunDone {
		return fmt.Errorf("run %d stopped %s (%s): continue with `commhubd send --data DIR --run %d`", p.RunID, p.Status, p.Note, p.RunID)
	}
	return nil
}

func sendAndWait(ctx context.Context, h *host.Host, o sendOptions) (delivery.Progress, error) {
	eng := h.Services.DeliveryEngine()
	runID := o.runID
	if runID == 0 {
		id, err := eng.Send(ctx, o.message)
		if err != nil {
			return delivery.Progress{}, err
		}
		runID = id
	} else {
		p, err := eng.Progress(runID)
		if err != nil {
			return p, err
		}
		// A run that was sending when the process died resumed at Start; a paused one
		// resumes on request.
		if p.Status == model.RunPaused {
			if err := eng.Resume(runID); err != nil {
				return p, err
			}
		}
	}
	p, err := eng.Wait(ctx, runID)
	if errors.Is(err, context.Canceled) {
		p, _ = eng.Progress(runID)
		return p, fmt.Errorf("interrupted: run %d keeps its place; continue with `commhubd send --data DIR --run %d`", runID, runID)
	}
	return p, err
}

func parseSend(args []string) (sendOptions, error) {
	var o sendOptions
	fs := flag.NewFlagSet("send", flag.ContinueOnError)
	dataFlag(fs, &o.data)
	fs.Int64Var(&o.message, "message", 0, "id of the message to send now")
	fs.Int64Var(&o.runID, "run", 0, "id of an unfinished run to continue instead")
	if err := parseFlags(fs, args, "usage: commhubd send --message ID | --run ID [--data DIR]\n\nSends a message (or continues a run) and prints the run's totals as JSON.\n\noptions:"); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, usagef("unexpected argument %q", fs.Arg(0))
	}
	if (o.message == 0) == (o.runID == 0) {
		return o, usagef("give either --message ID or --run ID")
	}
	return o, nil
}
