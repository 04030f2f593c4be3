// Command dbcheck is the desktop smoke test's look inside the database the app created:
// it opens the file read-only (the app may still be running) and checks that the demo
// network was seeded. It lives under .ci so `go test ./...` and the app never see it.
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"net/url"
	"os"

	_ "github.com/glebarez/go-sqlite"
)

// minimums are the smallest demo network that still makes every screen worth looking at.
var minimums = []struct {
	table string
	min   int64
}{
	{"partners", 300},
	{"advertisers", 20},
	{"offers", 30},
	{"approvals", 1},
	{"daily_stats", 1},
}

func main() {
	path := flag.String("db", "", "path of commhub.db")
	flag.Parse()
	if *path == "" {
		fmt.Fprintln(os.Stderr, "dbcheck: --db PATH is required")
		os.Exit(2)
	}
	if err := check(*path); err != nil {
		fmt.Fprintln(os.Stderr, "dbcheck:", err)
		os.Exit(1)
	}
}

func check(path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("database not created: %w", err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", "busy_timeout(10000)")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return err
	}
	defer db.Close()
	failed := false
	for _, m := range minimums {
		var n int64
		if err := db.QueryRow("SELECT count(*) FROM " + m.table).Scan(&n); err != nil {
			return fmt.Errorf("count %s: %w", m.table, err)
		}
		status := "ok"
		if n < m.min {
			status, failed = fmt.Sprintf("FAIL: want at least %d", m.min), true
		}
		fmt.Printf("  %-12s %7d  %s\n", m.table, n, status)
	}
	if failed {
		return fmt.Errorf("%s: the demo network was not seeded", path)
	}
	return nil
}
