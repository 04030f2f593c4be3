package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"commhub/backend/schedule"
	"commhub/backend/store"
)

type scheduleOptions struct {
	data string
	all  bool
}

// dueEntry is one line of `commhubd schedule`: a scheduled message and what of it is due.
type dueEntry struct {
	schedule.Entry
	// Due says whether its next fire time has come (the running app starts it within
	// seconds) or a missed one waits for a decision.
	Due bool `json:"due"`
}

// runSchedule prints, as JSON, the scheduled messages that are due now (with --all,
// every scheduled message). It only reads, so it works while the app or `commhubd web`
// holds the data folder.
func runSchedule(args []string) error {
	o, err := parseSchedule(args)
	if err != nil {
		return err
	}
	dir := o.data
	if dir == "" {
		if dir, err = store.DefaultDir(); err != nil {
			return err
		}
	}
	s, err := store.OpenReadOnly(dir)
	if err != nil {
		return err
	}
	defer s.Close()
	now := time.Now().UTC()
	list, err := schedule.List(s.DB, now)
	if err != nil {
		return err
	}
	out := []dueEntry{}
	for _, e := range list {
		due := len(e.Missed) > 0
		if len(e.Next) > 0 {
			if t, err := time.Parse(time.RFC3339, e.Next[0]); err == nil && !t.After(now) {
				due = true
			}
		}
		if due || o.all {
			out = append(out, dueEntry{Entry: e, Due: due})
		}
	}
	b, _ := json.MarshalIndent(out, "", "  ")
	fmt.Println(string(b))
	return nil
}

func parseSchedule(args []string) (scheduleOptions, error) {
	var o scheduleOptions
	fs := flag.NewFlagSet("schedule", flag.ContinueOnError)
	dataFlag(fs, &o.data)
	fs.BoolVar(&o.all, "all", false, "list every scheduled message, not only those due")
	help := "usage: commhubd schedule [--data DIR] [--all]\n\nLists the scheduled messages that are due now (or missed) as JSON; --all lists every\nscheduled message with its next five fire times. It only reads the data folder.\n\noptions:"
	if err := parseFlags(fs, args, help); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, usagef("unexpected argument %q", fs.Arg(0))
	}
	return o, nil
}
