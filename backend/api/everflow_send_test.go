package api_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"commhub/backend/mailer/smtptest"
	"commhub/backend/network/everflow/everflowtest"
)

// A network synced from Everflow alone (no CSV) can be mailed: partners arrive with their
// users' e-mail addresses, account managers and encoded IDs, so an Offer Details message
// reaches them with working tracking links and the CPS offer's percentage.
func TestSyncedPartnersReceiveOfferDetailsWithTrackingLinks(t *testing.T) {
	b := newHTTPBridge(t, &smtptest.Sink{})
	fx := everflowtest.New(20, 3)
	defer fx.Close()
	b.must(nil, "Sync.Configure", everflowtest.APIKey, "trk.example.test", fx.Base())
	var rep struct{ Partners, Offers, Encoded int }
	b.must(&rep, "Sync.Run", "2026-11-27", "2026-11-27", "")
	if rep.Partners != 20 || rep.Offers != 3 || rep.Encoded != 20+1 {
		t.Fatalf("sync: %+v", rep)
	}

	// Active partners are 4, 8, 12, 16 and 20 (12's e-mail comes from the users endpoint);
	// 7 is suspended. Offer 2 needs approval (every active partner has it), offer 3 is public and CPS.
	var id int64
	b.must(&id, "Messages.Save", map[string]any{"kind": "offer_details", "subject": "New offers", "fromEmail": "news@example.test",
		"body": "<p>Hi {partner_first_name}, from {account_manager_name}</p>", "offers": []int64{2, 3},
		"recipients": map[string]any{"ids": []int64{4, 7, 8, 12, 16, 20}}})
	var runID int64
	b.must(&runID, "Deliveries.Send", id)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if p, err := b.eng.Wait(ctx, runID); err != nil || p.Sent != 5 {
		t.Fatalf("run: %+v %v", p, err)
	}

	got := b.copies("New offers")
	var to []string
	for addr := range got {
		to = append(to, addr)
	}
	sort.Strings(to)
	want := "a16@example.com,a20@example.com,a4@example.com,a8@example.com,prime12@example.com"
	if strings.Join(to, ",") != want {
		t.Fatalf("mail went to %v, want %s", to, want)
	}
	for pid, addr := range map[int64]string{4: "a4@example.com", 12: "prime12@example.com", 16: "a16@example.com"} {
		body := unfold(got[addr][0])
		for _, off := range []int64{2, 3} {
			link := fmt.Sprintf("https://trk.example.test/%s/%s/", everflowtest.Code(pid), everflowtest.Code(off))
			if !strings.Contains(body, link) {
				t.Errorf("mail to %s lacks the tracking link %s for offer %d:\n%s", addr, link, off, body)
			}
		}
		if !strings.Contains(body, "12%") {
			t.Errorf("mail to %s does not show the CPS offer's 12%% payout", addr)
		}
	}
	if body := unfold(got["a4@example.com"][0]); !strings.Contains(body, "from Nora New") || !strings.Contains(body, "Hi First") {
		t.Errorf("partner 4's manager (named only on the affiliate row) and first name: %s", body)
	}
	if body := unfold(got["prime12@example.com"][0]); !strings.Contains(body, "Hi Prime") {
		t.Errorf("partner 12's first name comes from its primary user: %s", body)
	}
}

// unfold undoes quoted-printable soft line breaks and the escaped "=", enough to find
// links and words in a received body.
func unfold(s string) string {
	s = strings.ReplaceAll(s, "=\r\n", "")
	s = strings.ReplaceAll(s, "=\n", "")
	return strings.ReplaceAll(s, "=3D", "=")
}
