package delivery

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"commhub/backend/model"
)

// TestRestartSettlesRowsInFlightFromTheJournal leaves a run as a killed process would
// (rows taken by workers still `queued`, the journal saying how far each got) and
// restarts: only the row that was on the wire is left to the user.
func TestRestartSettlesRowsInFlightFromTheJournal(t *testing.T) {
	h := newHarness(t, recipients(7), nil, model.SMTPProfile{})
	runID := h.send()
	if p := h.wait(runID); p.Sent != 7 {
		t.Fatalf("first run: %+v", p)
	}
	h.eng.Stop()
	rows := map[int64]model.Delivery{}
	for _, d := range h.rows(runID) {
		rows[d.RecipientID] = d
	}
	id := func(n int64) string { return strconv.FormatInt(rows[n].ID, 10) }
	h.st.DB.Model(&model.Delivery{}).Where("run_id = ? AND recipient_id <= 5", runID).
		Updates(map[string]any{"status": model.DeliveryQueued, "sent_at": nil, "attempts": 0, "message_id_header": ""})
	h.st.DB.Model(&model.Delivery{}).Where("run_id = ? AND recipient_id = 6", runID).
		Updates(map[string]any{"status": model.DeliverySending, "message_id_header": "<marked@x>"})
	accepted := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	dir := filepath.Join(h.st.Dir, "journal")
	os.MkdirAll(dir, 0o700)
	journal := "a " + id(2) + " <wire@x>\n" + // on the wire
		"a " + id(3) + " <ok@x>\ns " + id(3) + " " + strconv.FormatInt(accepted.UnixNano(), 10) + "\n" + // accepted
		"a " + id(4) + " <no@x>\nr " + id(4) + " -1\n" + // refused
		"a " + id(5) + " <torn@x>\ns " + id(5) + " 17" // accepted, but the line was cut by the kill
	if err := os.WriteFile(journalPath(dir, runID), []byte(journal), 0o600); err != nil {
		t.Fatal(err)
	}
	// A second run's row marked sending without any journal: nothing says how far it got.
	other := model.Run{MessageID: 7, ProfileID: h.prof.ID, Status: model.RunDone, CreatedAt: time.Now()}
	h.st.DB.Create(&other)
	h.st.DB.Create(&model.Delivery{RunID: other.ID, Kind: "partner", RecipientID: 1, Email: "p1@example.test", Status: model.DeliverySending, UpdatedAt: time.Now()})

	h.start()
	got := map[int64]model.Delivery{}
	for _, d := range h.rows(runID) {
		got[d.RecipientID] = d
	}
	want := map[int64]struct {
		status, messageID string
		attempts          int
	}{
		1: {model.DeliveryQueued, "", 0}, 2: {model.DeliveryUnknown, "<wire@x>", 1}, 3: {model.DeliverySent, "<ok@x>", 1},
		4: {model.DeliveryQueued, "", 0}, 5: {model.DeliveryUnknown, "<torn@x>", 1}, 6: {model.DeliveryUnknown, "<marked@x>", 2},
		7: {model.DeliverySent, rows[7].MessageIDHeader, 1},
	}
	for n, w := range want {
		if g := got[n]; g.Status != w.status || g.MessageIDHeader != w.messageID || g.Attempts != w.attempts {
			t.Errorf("row of p%d: %s %s, %d attempts (%q); want %s %s, %d attempts", n, g.Status, g.MessageIDHeader, g.Attempts, g.Reason, w.status, w.messageID, w.attempts)
		}
	}
	if got[3].SentAt == nil || !got[3].SentAt.Equal(accepted) {
		t.Errorf("accepted row: sent at %v, want %v", got[3].SentAt, accepted)
	}
	var d model.Delivery
	h.st.DB.Where("run_id = ?", other.ID).First(&d)
	if d.Status != model.DeliveryUnknown || d.Attempts != 1 {
		t.Errorf("row of a run without a journal: %s, %d attempts; want unknown, 1", d.Status, d.Attempts)
	}
	if _, err := os.Stat(journalPath(dir, runID)); !os.IsNotExist(err) {
		t.Errorf("the journal is still there after its rows were settled (%v)", err)
	}
}

// TestSendsWithoutAJournal: when the data folder cannot hold a journal, rows are marked
// `sending` in the database before they go, and the run still ends with the server's
// log equal to the sent log.
func TestSendsWithoutAJournal(t *testing.T) {
	h := newHarness(t, recipients(30), nil, model.SMTPProfile{Concurrency: 2})
	h.eng.Stop()
	blocker := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.cfg.JournalDir = filepath.Join(blocker, "journal")
	h.start()
	runID := h.send()
	if p := h.wait(runID); p.Status != model.RunDone || p.Sent != 30 {
		t.Fatalf("run without a journal: %+v", p)
	}
	counts := h.checkLedger(runID, model.DeliverySent)
	if counts[model.DeliverySent] != 30 {
		t.Errorf("counts %v", counts)
	}
	for _, d := range h.rows(runID) {
		if d.Attempts != 1 || d.MessageIDHeader == "" {
			t.Errorf("%s: %d attempts, Message-ID %q", d.Email, d.Attempts, d.MessageIDHeader)
		}
	}
}
