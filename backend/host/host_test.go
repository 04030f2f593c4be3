package host

import (
	"context"
	"strings"
	"testing"
	"time"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }

func TestOpenSeedsTheDemoOnceAndNoDemoStaysEmpty(t *testing.T) {
	dir := t.TempDir()
	h, err := Open(Options{DataDir: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := h.Services.Network.Summary()
	if err != nil || !sum.Demo || sum.Partners < 300 {
		t.Fatalf("fresh store: %+v %v", sum, err)
	}
	h.Stop()

	empty := t.TempDir()
	h, err = Open(Options{DataDir: empty, NoDemo: true, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if sum, _ := h.Services.Network.Summary(); sum.Partners != 0 || sum.Demo {
		t.Fatalf("--no-demo store: %+v", sum)
	}
	h.Stop()
	// A later start without the flag keeps the user's choice.
	h, err = Open(Options{DataDir: empty, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	if sum, _ := h.Services.Network.Summary(); sum.Partners != 0 {
		t.Fatalf("store chosen empty was seeded later: %+v", sum)
	}
}

func TestStartOnceAndStopClosesTheStore(t *testing.T) {
	h, err := Open(Options{DataDir: t.TempDir(), NoDemo: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := h.Start(context.Background()); err == nil {
		t.Fatal("a second Start must fail")
	}
	h.Stop()
	h.Stop() // twice is harmless
	if err := h.Store.DB.Exec("SELECT 1").Error; err == nil {
		t.Fatal("the store is still open after Stop")
	}
}

// The demo must be usable at once: an Offer Details message previews with a working
// tracking link and unsubscribe link before the user has opened Settings.
func TestDemoPreviewsTrackingLinksWithoutAnySetup(t *testing.T) {
	h, err := Open(Options{DataDir: t.TempDir(), Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	var pick struct{ PartnerID, OfferID int64 }
	err = h.Store.DB.Raw(`SELECT a.partner_id, a.offer_id FROM approvals a
		JOIN partners p ON p.id = a.partner_id JOIN offers o ON o.id = a.offer_id
		WHERE a.status = 'approved' AND p.status = 'active' AND NOT p.unsubscribed AND o.status = 'active'
		ORDER BY a.partner_id LIMIT 1`).Scan(&pick).Error
	if err != nil || pick.PartnerID == 0 {
		t.Fatalf("no approved partner in the demo: %v", err)
	}
	draft, err := h.Services.Messages.NewDraft("offer_details")
	if err != nil {
		t.Fatal(err)
	}
	draft.Subject = "New offer for {partner_name}"
	draft.Body = "<p>Hi {partner_first_name|there}, start here: {offer_tracking_link}</p>"
	draft.Offers = []int64{pick.OfferID}
	draft.Recipients.IDs = []int64{pick.PartnerID}
	id, err := h.Services.Messages.Save(draft)
	if err != nil {
		t.Fatal(err)
	}
	p, err := h.Services.Messages.Preview(id, pick.PartnerID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != "ok" || !strings.Contains(p.HTML, "https://trk.northwind.example/") ||
		!strings.Contains(p.HTML, "https://trk.northwind.example/unsubscribe") {
		t.Fatalf("demo preview: status %q (%s), html:\n%s", p.Status, p.Reason, p.HTML)
	}
}
