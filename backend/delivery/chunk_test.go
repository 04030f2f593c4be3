package delivery

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"commhub/backend/mailer"
	"commhub/backend/model"
	"commhub/backend/store"
)

// TestChunkMarks checks the two chunk statements against a real store: a chunk is
// marked `sending` with each row's own Message-ID (the one the email carries), a row
// cancelled meanwhile is left alone and reported as not taken, and the sent mark
// records the chunk's send time and each row's Message-ID and counts the attempt.
func TestChunkMarks(t *testing.T) {
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 28, 7, 0, 0, 0, time.UTC)
	run := model.Run{MessageID: 1, ProfileID: 1, Status: model.RunRunning, CreatedAt: now}
	if err := st.DB.Create(&run).Error; err != nil {
		t.Fatal(err)
	}
	ids := newMessageIDs("news@example.test")
	var js []job
	for i := range 5 {
		d := model.Delivery{RunID: run.ID, Status: model.DeliveryQueued, Kind: "partner", RecipientID: int64(i + 1),
			Email: "p@example.test", UpdatedAt: now}
		if i == 2 {
			d.Status = model.DeliveryCancelled
		}
		if err := st.DB.Create(&d).Error; err != nil {
			t.Fatal(err)
		}
		js = append(js, job{d: d, msg: &mailer.Message{MessageID: ids.of(d)}})
	}

	var marked []bool
	err = st.DB.Transaction(func(tx *gorm.DB) error {
		marked, err = markChunk(tx, js, ids, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, ok := range marked {
		if ok != (i != 2) {
			t.Errorf("row %d marked = %v", i, ok)
		}
	}
	var rows []model.Delivery
	st.DB.Order("id").Find(&rows)
	for i, d := range rows {
		want, wantID, wantAttempts := model.DeliverySending, js[i].msg.MessageID, 0
		if i == 2 {
			want, wantID = model.DeliveryCancelled, ""
		}
		if d.Status != want || d.MessageIDHeader != wantID || d.Attempts != wantAttempts {
			t.Errorf("row %d after the mark: %s %q attempts %d", i, d.Status, d.MessageIDHeader, d.Attempts)
		}
	}

	at := now.Add(1500 * time.Millisecond)
	sent := []sentRow{{id: rows[0].ID, at: now.Add(time.Second)}, {id: rows[4].ID, at: at}}
	if err := st.DB.Transaction(func(tx *gorm.DB) error { return markSent(tx, sent, ids) }); err != nil {
		t.Fatal(err)
	}
	for i, s := range sent {
		var d model.Delivery
		st.DB.First(&d, s.id)
		want := js[[]int{0, 4}[i]].msg.MessageID
		if d.Status != model.DeliverySent || d.SentAt == nil || !d.SentAt.Equal(at) || d.MessageIDHeader != want || d.Attempts != 1 {
			t.Errorf("row %d after the sent mark: %s at %v as %s, %d attempts; want sent at %v as %s, 1 attempt", s.id, d.Status, d.SentAt, d.MessageIDHeader, d.Attempts, at, want)
		}
	}
	var still int64
	st.DB.Model(&model.Delivery{}).Where("status = ?", model.DeliverySending).Count(&still)
	if still != 2 {
		t.Errorf("%d rows still sending, want 2", still)
	}
}
