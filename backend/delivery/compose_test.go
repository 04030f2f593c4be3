package delivery

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"commhub/backend/compose"
	"commhub/backend/model"
	"commhub/backend/settings"
)

// seedComposeNetwork stores settings, an offer that needs approval and n active
// partners, of whom the first `approved` are approved for it.
func seedComposeNetwork(t testing.TB, h *harness, n, approved int) int64 {
	t.Helper()
	db := h.st.DB
	s := settings.Defaults()
	s.NetworkName, s.TrackingDomain = "Northwind", "trk.northwind.example"
	s.UnsubscribeBaseURL, s.DefaultFromEmail, s.TimeZone = "https://trk.northwind.example/u", "news@northwind.example", "UTC"
	if _, err := settings.Save(db, s); err != nil {
		t.Fatal(err)
	}
	rows := []any{&model.Offer{ID: 102, Name: "Gated Offer", Status: "active", Visibility: model.VisibilityRequireApproval,
		PayoutCents: 1250, Currency: "USD", EncodedID: "OFB2"}}
	for i := 1; i <= n; i++ {
		rows = append(rows, &model.Partner{ID: int64(i), Name: fmt.Sprintf("Partner %d", i), FirstName: fmt.Sprintf("P%d", i),
			Email: fmt.Sprintf("p%d@example.test", i), Status: "active", EncodedID: fmt.Sprintf("E%d", i)})
		if i <= approved {
			rows = append(rows, &model.Approval{PartnerID: int64(i), OfferID: 102, Status: model.ApprovalApproved})
		}
	}
	for _, r := range rows {
		if err := db.Create(r).Error; err != nil {
			t.Fatal(err)
		}
	}
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	id, err := compose.Save(context.Background(), db, model.Message{Kind: model.MessageOfferDetails, Subject: "New offer for {partner_name}",
		FromName: "Northwind", FromEmail: "news@northwind.example", Offers: []int64{102}, Status: model.MessageReady,
		Body: "<p>Hi {partner_name}, try {offer_name}: {offer_tracking_link}</p>", Recipients: model.RecipientSpec{IDs: ids}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSendsAComposedMessage(t *testing.T) {
	h := newHarness(t, nil, nil, model.SMTPProfile{})
	h.cfg.Open = ComposeOpener
	h.eng.cfg.Open = ComposeOpener
	h.cfg.Messages, h.eng.cfg.Messages = ComposeMessages{}, ComposeMessages{}
	h.sink.KeepBody = true
	msgID := seedComposeNetwork(t, h, 25, 20)
	h.st.DB.Model(&model.Partner{}).Where("id = 3").Update("status", model.StatusSuspended)

	runID, err := h.eng.Send(context.Background(), msgID)
	if err != nil {
		t.Fatal(err)
	}
	p := h.wait(runID)
	counts := h.checkLedger(runID)
	if p.Status != model.RunDone || counts[model.DeliverySent] != 19 || counts[model.DeliveryBlocked] != 5 || counts[model.DeliverySkipped] != 1 {
		t.Fatalf("progress %+v counts %v", p, counts)
	}
	rows := h.rows(runID)
	if r := rows["p22@example.test#22"]; !strings.Contains(r.Reason, "not approved for Gated Offer") {
		t.Errorf("blocked row reason %q", r.Reason)
	}
	var got bool
	for _, r := range h.sink.Received() {
		if r.To != "p1@example.test" {
			continue
		}
		got = true
		if r.Header.Get("Subject") != "New offer for Partner 1" || !strings.HasPrefix(r.Header.Get("List-Unsubscribe"), "<https://trk.northwind.example/u") {
			t.Errorf("headers: subject %q, unsubscribe %q", r.Header.Get("Subject"), r.Header.Get("List-Unsubscribe"))
		}
		if !strings.Contains(r.Body, "text/plain") || !strings.Contains(r.Body, "text/html") || !strings.Contains(r.Body, "trk.northwind.example") {
			t.Errorf("body lacks a part or the tracking link")
		}
	}
	if !got {
		t.Fatal("p1 received nothing")
	}
	var m model.Message
	h.st.DB.First(&m, msgID)
	if m.Status != model.MessageSent {
		t.Errorf("message status %q after the run, want sent", m.Status)
	}
}
