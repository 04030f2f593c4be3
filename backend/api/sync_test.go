package api_test

import (
	"strings"
	"testing"

	"commhub/backend/network/everflow/everflowtest"
)

func TestSyncOverTheBridge(t *testing.T) {
	b, st := newBridge(t)
	fx := everflowtest.New(12, 3)
	defer fx.Close()
	if err := b.call(nil, "Sync.Run", "", "", ""); err == nil || err.Code != "invalid" || !strings.Contains(err.Message, "API key") {
		t.Fatalf("run without a key: %v", err)
	}
	if err := b.call(nil, "Sync.Configure", "k", "trk.example.com", "ftp://x"); err == nil || !strings.Contains(err.Message, "http(s)") {
		t.Fatalf("bad API base accepted: %v", err)
	}
	var status struct {
		Configured     bool
		TrackingDomain string
		APIBase        string
		KeyStorage     string
		LastReport     *struct{ Partners, Stats int }
		SyncedAt       map[string]string
	}
	b.must(&status, "Sync.Configure", everflowtest.APIKey, "trk.example.com", fx.Base())
	if !status.Configured || status.TrackingDomain != "trk.example.com" || status.APIBase != fx.Base() || status.KeyStorage == "" {
		t.Fatalf("configure: %+v", status)
	}
	var rep struct {
		Partners, Offers, Stats int
		From, To                string
	}
	b.must(&rep, "Sync.Run", "2026-11-27", "2026-11-28", "")
	if rep.Partners != 12 || rep.Offers != 3 || rep.Stats != 6 || rep.From != "2026-11-27" {
		t.Fatalf("run: %+v", rep)
	}
	var n int64
	st.DB.Raw("SELECT count(*) FROM partners").Scan(&n)
	if n != 12 {
		t.Fatalf("partners stored: %d", n)
	}
	b.must(&status, "Sync.Status")
	if status.LastReport == nil || status.LastReport.Partners != 12 || status.SyncedAt["stats"] == "" {
		t.Fatalf("status after run: %+v", status)
	}
	// Keeping the key: an empty key changes only the other settings.
	b.must(&status, "Sync.Configure", "", "links.example.com", fx.Base())
	if !status.Configured || status.TrackingDomain != "links.example.com" {
		t.Fatalf("reconfigure: %+v", status)
	}
	b.must(&status, "Sync.Configure", "wrong-key", "links.example.com", fx.Base())
	if err := b.call(nil, "Sync.Run", "", "", ""); err == nil || err.Code != "invalid" || !strings.Contains(err.Message, "refused the API key") {
		t.Fatalf("a refused key is the user's to fix: %v", err)
	}
}
