package delivery

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"gorm.io/gorm"

	"commhub/backend/mailer"
	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
	"commhub/backend/secret"
	"commhub/backend/store"
)

// TestMain doubles as the child processes of TestKillMidRunThenResume (it sends or
// resumes run 1 of the data folder in COMMHUB_CRASH_DATA) and of the RSS benchmark.
func TestMain(m *testing.M) {
	if dir := os.Getenv("COMMHUB_CRASH_DATA"); dir != "" {
		os.Exit(crashChild(dir))
	}
	if dir := os.Getenv("COMMHUB_RSS_DATA"); dir != "" {
		os.Exit(rssChild(dir, os.Getenv("COMMHUB_RSS_MESSAGE")))
	}
	os.Exit(m.Run())
}

const crashRecipients = 300

func crashEngine(st *store.Store) *Engine {
	src := newFakeSource(recipients(crashRecipients))
	return New(Config{DB: st.DB, Profiles: &mailer.Profiles{DB: st.DB, Secrets: secret.OpenFile(st.Dir)},
		Open: func(context.Context, *gorm.DB, int64, time.Time) (Source, Header, error) {
			return src, Header{MessageID: 7, Subject: "News"}, nil
		},
		Dialer: mailer.Dialer{Timeout: 5 * time.Second}, Backoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond})
}

func crashChild(dir string) int {
	st, err := store.Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	e := crashEngine(st)
	if err := e.Start(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	runID := int64(1)
	if os.Getenv("COMMHUB_CRASH_MODE") == "send" {
		if runID, err = e.Send(context.Background(), 7); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 3
		}
	}
	p, err := e.Wait(context.Background(), runID)
	e.Stop()
	if err != nil || p.Status != model.RunDone {
		fmt.Fprintln(os.Stderr, "run did not finish:", err, p.Status)
		return 4
	}
	return 0
}

func startChild(t *testing.T, dir, mode string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "COMMHUB_CRASH_DATA="+dir, "COMMHUB_CRASH_MODE="+mode)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// TestKillMidRunThenResume kills the sending process with SIGKILL in the middle of a
// run, restarts it, and resolves the rows that were in flight the way a user would
// (looking each Message-ID up in the server's log): only the messages that were on the
// wire (at most one per connection) are left for the user, no address receives the run
// twice and none is forgotten.
func TestKillMidRunThenResume(t *testing.T) {
	for _, conc := range []int{2, 8} {
		t.Run(fmt.Sprintf("concurrency %d", conc), func(t *testing.T) { killMidRun(t, conc) })
	}
}

func killMidRun(t *testing.T, concurrency int) {
	sink, err := smtptest.Start(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	dir := t.TempDir()
	// One process at a time holds the data folder: the test opens it only while no child runs.
	open := func() *store.Store {
		st, err := store.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := open()
	profiles := &mailer.Profiles{DB: st.DB, Secrets: secret.OpenFile(dir)}
	if _, err := profiles.Save(model.SMTPProfile{Name: "sink", Host: "127.0.0.1", Port: sink.Port(), TLS: model.TLSNone,
		Concurrency: concurrency, PerSecond: 100, FromEmail: "team@network.test"}, nil); err != nil {
		t.Fatal(err)
	}
	st.Close()

	child := startChild(t, dir, "send")
	deadline := time.Now().Add(30 * time.Second)
	for sink.Count() < crashRecipients/3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	before := sink.Count()
	if before == 0 || before >= crashRecipients {
		t.Fatalf("the kill came at %d of %d messages: not in the middle of the run", before, crashRecipients)
	}
	var sending int64
	st = open()
	st.DB.Model(&model.Delivery{}).Where("status = ?", model.DeliverySending).Count(&sending)
	st.Close()
	t.Logf("killed after %d messages; %d rows were marked sending", before, sending)

	child = startChild(t, dir, "resume")
	if err := child.Wait(); err != nil {
		t.Fatalf("resumed process: %v", err)
	}
	st = open()
	defer st.Close()

	// The user settles the unknown rows by looking their Message-ID up in the server log.
	got := map[string]bool{}
	for _, r := range sink.Received() {
		got[r.MessageID] = true
	}
	var unknown []model.Delivery
	st.DB.Where("status = ?", model.DeliveryUnknown).Find(&unknown)
	t.Logf("%d rows left unknown after the restart", len(unknown))
	if len(unknown) > concurrency {
		t.Errorf("%d rows are unknown after the restart, but only %d connections could have had a message on the wire", len(unknown), concurrency)
	}
	var arrived, lost []int64
	for _, d := range unknown {
		if got[d.MessageIDHeader] {
			arrived = append(arrived, d.ID)
		} else {
			lost = append(lost, d.ID)
		}
	}
	e := crashEngine(st)
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer e.Stop()
	if len(arrived) > 0 {
		if _, err := e.ResolveUnknown(1, arrived, true); err != nil {
			t.Fatal(err)
		}
	}
	if len(lost) > 0 {
		if _, err := e.ResolveUnknown(1, lost, false); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if p, err := e.Wait(ctx, 1); err != nil || p.Status != model.RunDone || p.Sent != crashRecipients {
		t.Fatalf("after resolving: %+v %v", p, err)
	}

	perAddress := map[string]int{}
	byID := map[string]bool{}
	for _, r := range sink.Received() {
		perAddress[r.To]++
		byID[r.MessageID] = true
	}
	for i := 1; i <= crashRecipients; i++ {
		if n := perAddress["p"+strconv.Itoa(i)+"@example.test"]; n != 1 {
			t.Errorf("p%d@example.test received the run %d times", i, n)
		}
	}
	// Every row logged sent (the ones settled from the journal included) is a message
	// the server has, under that row's Message-ID.
	var sent []model.Delivery
	st.DB.Where("status = ?", model.DeliverySent).Find(&sent)
	for _, d := range sent {
		if !byID[d.MessageIDHeader] {
			t.Errorf("%s is logged sent as %s, which the server never received", d.Email, d.MessageIDHeader)
		}
	}
}
