package delivery

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"commhub/backend/model"
	"commhub/backend/store"
)

// failingSource lists its recipients, then fails: the listing broke off midway.
type failingSource struct {
	*fakeSource
	err error
}

func (f failingSource) Recipients(ctx context.Context, fn func(Recipient) error) error {
	if err := f.fakeSource.Recipients(ctx, fn); err != nil {
		return err
	}
	return f.err
}

// TestSnapshotIsAllOrNothing: a snapshot of several batches keeps the listing's order
// and every row; when the listing fails after batches were already written, neither
// the run nor any of its rows remain.
func TestSnapshotIsAllOrNothing(t *testing.T) {
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const n = 2*snapshotBatch + 37
	now := time.Date(2026, 11, 28, 7, 0, 0, 0, time.UTC)
	h := Header{MessageID: 7, Subject: "News"}

	run, err := snapshot(context.Background(), st.DB, newFakeSource(recipients(n)), h, 1, now, noClaim)
	if err != nil {
		t.Fatal(err)
	}
	var rows []model.Delivery
	st.DB.Where("run_id = ?", run.ID).Order("id").Find(&rows)
	if len(rows) != n || run.Resolved != n {
		t.Fatalf("%d rows, resolved %d, want %d", len(rows), run.Resolved, n)
	}
	for i, d := range rows {
		if d.RecipientID != int64(i+1) || d.Status != model.DeliveryQueued || !d.UpdatedAt.Equal(now) {
			t.Fatalf("row %d: recipient %d, %s, updated %v", i, d.RecipientID, d.Status, d.UpdatedAt)
		}
	}

	broken := failingSource{newFakeSource(recipients(n)), errors.New("the audience query broke")}
	if _, err := snapshot(context.Background(), st.DB, broken, h, 1, now, noClaim); err == nil {
		t.Fatal("a broken listing made a snapshot")
	}
	var runs, all int64
	st.DB.Model(&model.Run{}).Count(&runs)
	st.DB.Model(&model.Delivery{}).Count(&all)
	if runs != 1 || all != n {
		t.Fatalf("after the broken listing: %d runs, %d rows; want only the first run's %d", runs, all, n)
	}
}

func noClaim(*gorm.DB) (map[string]prior, error) { return nil, nil }
