package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"commhub/backend/compose"
	"commhub/backend/delivery"
	"commhub/backend/mailer"
	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
	"commhub/backend/secret"
	"commhub/backend/settings"
	"commhub/backend/store"
)

// sendFixture makes a data folder with settings, partners, a message to them and an SMTP
// profile pointing at sink.
func sendFixture(t *testing.T, sink *smtptest.Sink, partners int) (string, int64) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := settings.Defaults()
	s.TrackingDomain, s.UnsubscribeBaseURL, s.DefaultFromEmail = "trk.example.test", "https://trk.example.test/u", "news@example.test"
	if _, err := settings.Save(st.DB, s); err != nil {
		t.Fatal(err)
	}
	ids := []int64{}
	for i := 1; i <= partners; i++ {
		st.DB.Create(&model.Partner{ID: int64(i), Name: fmt.Sprintf("Partner %d", i), Email: fmt.Sprintf("p%d@example.test", i), Status: "active"})
		ids = append(ids, int64(i))
	}
	st.DB.Model(&model.Partner{}).Where("id = 2").Update("status", model.StatusInactive)
	id, err := compose.Save(context.Background(), st.DB, model.Message{Kind: model.MessageGeneral, Subject: "Hello {partner_name}",
		FromEmail: "news@example.test", Body: "<p>Hi</p>", Recipients: model.RecipientSpec{IDs: ids}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p := &mailer.Profiles{DB: st.DB, Secrets: secret.OpenFile(dir)}
	if _, err := p.Save(model.SMTPProfile{Name: "sink", Host: "127.0.0.1", Port: sink.Port(), TLS: model.TLSNone}, nil); err != nil {
		t.Fatal(err)
	}
	return dir, id
}

// captureStdout runs fn and returns what it printed.
func captureStdout(t *testing.T, fn func()) string {
	t.Helper()
	r, w, _ := os.Pipe()
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	fn()
	w.Close()
	os.Stdout = old
	return <-done
}

func TestSendPrintsTotalsAsJSON(t *testing.T) {
	t.Setenv("HOME", t.TempDir()) // no keyring in tests: the file store in the data folder
	sink, err := smtptest.Start(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	dir, msgID := sendFixture(t, sink, 4)
	var code int
	var stderr strings.Builder
	out := captureStdout(t, func() {
		code = run([]string{"send", "--data", dir, "--message", fmt.Sprint(msgID)}, &stderr)
	})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var p delivery.Progress
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("stdout is not the totals as JSON: %v\n%s", err, out)
	}
	if p.Status != model.RunDone || p.Total != 4 || p.Sent != 3 || p.Skipped != 1 || len(sink.Received()) != 3 {
		t.Fatalf("totals %+v, sink got %d", p, len(sink.Received()))
	}

	// A second send of the same message is a new run; a wrong id is a clear error.
	code = run([]string{"send", "--data", dir, "--message", "999"}, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "message 999 does not exist") {
		t.Fatalf("unknown message: exit %d, %q", code, stderr.String())
	}
	stderr.Reset()
	if code = run([]string{"send", "--data", dir}, &stderr); code != 2 {
		t.Fatalf("no --message: exit %d", code)
	}
}
