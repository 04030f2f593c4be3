package delivery

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"commhub/backend/model"
)

// TestRestartSettlesRowsInFlightFromTheJournal leaves rows `sending` as a killed
// process would, with the run's journal saying how far each got, and restarts: only
// the row that was on the wire is left to the user.
func TestRestartSettlesRowsInFlightFromTheJournal(t *testing.T) {
	h := newHarness(t, recipients(6), nil, model.SMTPProfile{})
	runID := h.send()
	if p := h.wait(runID); p.Sent != 6 {
		t.Fatalf("first run: %+v", p)
	}
	h.eng.Stop()
	rows := map[int64]model.Delivery{}
	for _, d := range h.rows(runID) {
		rows[d.RecipientID] = d
	}
	id := func(n int64) string { return strconv.FormatInt(rows[n].ID, 10) }
	h.st.DB.Model(&model.Delivery{}).Where("run_id = ? AND recipient_id <= 5", runID).
		Updates(map[string]any{"status": model.DeliverySending, "sent_at": nil})
	accepted := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	dir := filepath.Join(h.st.Dir, "journal")
	os.MkdirAll(dir, 0o700)
	journal := "a " + id(2) + "\n" + // on the wire
		"a " + id(3) + "\ns " + id(3) + " " + strconv.FormatInt(accepted.UnixNano(), 10) + "\n" + // accepted
		"a " + id(4) + "\nr " + id(4) + "\n" + // refused
		"a " + id(5) + "\ns " + id(5) // torn by the kill: still only tried
	if err := os.WriteFile(journalPath(dir, runID), []byte(journal), 0o600); err != nil {
		t.Fatal(err)
	}
	// A second run's row left sending without any journal: nothing says how far it got.
	other := model.Run{MessageID: 7, ProfileID: h.prof.ID, Status: model.RunDone, CreatedAt: time.Now()}
	h.st.DB.Create(&other)
	h.st.DB.Create(&model.Delivery{RunID: other.ID, Kind: "partner", RecipientID: 1, Email: "p1@example.test", Status: model.DeliverySending, Attempts: 1, UpdatedAt: time.Now()})

	h.start()
	got := map[int64]model.Delivery{}
	for _, d := range h.rows(runID) {
		got[d.RecipientID] = d
	}
	want := map[int64]string{1: model.DeliveryQueued, 2: model.DeliveryUnknown, 3: model.DeliverySent, 4: model.DeliveryQueued, 5: model.DeliveryUnknown, 6: model.DeliverySent}
	for n, status := range want {
		if got[n].Status != status {
			t.Errorf("row of p%d: %s (%q), want %s", n, got[n].Status, got[n].Reason, status)
		}
	}
	if got[1].Attempts != rows[1].Attempts-1 || got[4].Attempts != rows[4].Attempts {
		t.Errorf("attempts: never tried %d (was %d), refused %d (was %d)", got[1].Attempts, rows[1].Attempts, got[4].Attempts, rows[4].Attempts)
	}
	if got[3].SentAt == nil || !got[3].SentAt.Equal(accepted) {
		t.Errorf("accepted row: sent at %v, want %v", got[3].SentAt, accepted)
	}
	var d model.Delivery
	h.st.DB.Where("run_id = ?", other.ID).First(&d)
	if d.Status != model.DeliveryUnknown {
		t.Errorf("row of a run without a journal: %s, want unknown", d.Status)
	}
	if _, err := os.Stat(journalPath(dir, runID)); !os.IsNotExist(err) {
		t.Errorf("the journal is still there after its rows were settled (%v)", err)
	}
}
