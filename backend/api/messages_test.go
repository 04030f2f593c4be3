package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"commhub/backend/api"
	"commhub/backend/compose"
	"commhub/backend/macro"
	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
	"commhub/backend/rpc"
	"commhub/backend/store"
	"commhub/backend/store/storetest"
)

// bridge calls services the way the UI does: JSON arguments in, JSON out.
type bridge struct {
	t *testing.T
	d *rpc.Dispatcher
}

func (b bridge) call(out any, method string, args ...any) *rpc.Error {
	b.t.Helper()
	body, err := json.Marshal(args)
	if err != nil {
		b.t.Fatal(err)
	}
	svc, name, _ := strings.Cut(method, ".")
	res, rerr := b.d.Call(svc, name, body)
	if rerr != nil {
		return rerr
	}
	if out != nil {
		if err := json.Unmarshal(res, out); err != nil {
			b.t.Fatalf("%s: %v in %s", method, err, res)
		}
	}
	return nil
}

func (b bridge) must(out any, method string, args ...any) {
	b.t.Helper()
	if err := b.call(out, method, args...); err != nil {
		b.t.Fatalf("%s: %v", method, err)
	}
}

func newBridge(t *testing.T) (bridge, *store.Store) {
	keyring.MockInit()
	st := storetest.Open(t)
	svcs := api.New(api.Deps{Store: st, Now: func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }})
	d, err := rpc.NewDispatcher(svcs.Bound())
	if err != nil {
		t.Fatal(err)
	}
	return bridge{t: t, d: d}, st
}

func TestMessagesOverTheBridge(t *testing.T) {
	b, st := newBridge(t)
	var s map[string]any
	b.must(&s, "Settings.Get")
	s["trackingDomain"], s["unsubscribeBaseUrl"], s["defaultFromEmail"] = "trk.example.com", "https://trk.example.com/u", "me@network.example"
	b.must(&s, "Settings.Save", s)
	if err := b.call(nil, "Settings.Save", map[string]any{"networkName": ""}); err == nil || !strings.Contains(err.Message, "network name") {
		t.Fatalf("invalid settings accepted: %v", err)
	}
	for _, r := range []any{
		&model.Offer{ID: 9, Name: "Gated", Status: "active", Visibility: model.VisibilityRequireApproval, EncodedID: "G9", PayoutCents: 500, Currency: "USD"},
		&model.Partner{ID: 1, Name: "Ann <Co>", FirstName: "Ann", Email: "ann@example.com", Status: "active", EncodedID: "A1"},
		&model.Partner{ID: 2, Name: "Bob", Email: "bob@example.com", Status: "active", EncodedID: "B2"},
		&model.Partner{ID: 3, Name: "Cat", Email: "cat@example.com", Status: "suspended", EncodedID: "C3"},
		&model.Approval{PartnerID: 1, OfferID: 9, Status: model.ApprovalApproved},
		&model.SMTPProfile{Name: "sink", Host: "127.0.0.1", TLS: model.TLSNone, IsDefault: true, Concurrency: 1},
	} {
		if err := st.DB.Create(r).Error; err != nil {
			t.Fatal(err)
		}
	}

	var draft model.Message
	b.must(&draft, "Messages.NewDraft", "offer_details")
	if draft.FromEmail != "me@network.example" || draft.Kind != model.MessageOfferDetails {
		t.Fatalf("new draft %+v", draft)
	}
	draft.Subject = "Hi {partner_first_name|there}"
	draft.Body = "<p>Hello {partner_nme}</p>"
	draft.Offers = []int64{9}
	draft.Recipients = model.RecipientSpec{IDs: []int64{1, 2, 3}}

	var probs []macro.Problem
	b.must(&probs, "Messages.Validate", draft)
	if len(probs) == 0 || probs[0].Field != "body" || probs[0].Line != 1 || probs[0].Column != 10 || !strings.Contains(probs[0].Message, "partner_name") {
		t.Fatalf("problems %+v", probs)
	}
	var id int64
	b.must(&id, "Messages.Save", draft) // drafts save with problems
	draft.ID, draft.Body = id, "<p>Hello {partner_name}</p>"
	b.must(&id, "Messages.Save", draft)

	var list []compose.Summary
	b.must(&list, "Messages.List")
	if len(list) != 1 || list[0].ID != id {
		t.Fatalf("list %+v", list)
	}
	var pv compose.Preview
	b.must(&pv, "Messages.Preview", id, 1)
	if pv.Status != "ok" || pv.Subject != "Hi Ann" || !strings.Contains(pv.HTML, "Hello Ann &lt;Co&gt;") || !strings.Contains(pv.Text, "https://trk.example.com/A1/G9/") {
		t.Fatalf("preview %+v", pv)
	}
	b.must(&pv, "Messages.Preview", id, 2)
	if pv.Status != "blocked" || len(pv.Blocked) != 1 || pv.Blocked[0] != 9 {
		t.Fatalf("blocked preview %+v", pv)
	}
	if err := b.call(nil, "Messages.Preview", id, 404); err == nil || err.Code == "internal" {
		t.Fatalf("preview of a missing partner: %v", err)
	}
	var el compose.Eligibility
	b.must(&el, "Messages.Eligibility", id)
	if el.Total != 3 || el.Recipients != 1 || len(el.Blocked) != 1 || el.Blocked[0].Offers[0].Name != "Gated" || el.Skipped[0].Reason != "partner is suspended" {
		t.Fatalf("eligibility %+v", el)
	}
	var page compose.Page
	b.must(&page, "Messages.Recipients", id, "bob", 0, 10)
	if page.Total != 1 || page.Items[0].ID != 2 {
		t.Fatalf("search %+v", page)
	}
	b.must(&page, "Messages.Recipients", id, "", 1, 1)
	if page.Total != 3 || len(page.Items) != 1 || page.Items[0].ID != 2 {
		t.Fatalf("step %+v", page)
	}
	var macros []macro.Def
	b.must(&macros, "Messages.Macros")
	if len(macros) < 15 {
		t.Fatalf("%d macros", len(macros))
	}

	sink, err := smtptest.Start(&smtptest.Sink{KeepBody: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	st.DB.Model(&model.SMTPProfile{}).Where("name = ?", "sink").Update("port", sink.Port())
	var sent compose.TestSent
	b.must(&sent, "Messages.TestSend", id, 1, "me@network.example")
	got := sink.Received()
	if len(got) != 1 || got[0].To != "me@network.example" || sent.Subject != "[Test] Hi Ann" || !strings.Contains(got[0].Body, "G9") {
		t.Fatalf("test send %+v, received %d", sent, len(got))
	}
	if err := b.call(nil, "Messages.TestSend", id, 1, "nobody"); err == nil || !strings.Contains(err.Message, "not an email address") {
		t.Fatalf("bad address: %v", err)
	}
	b.must(nil, "Messages.Delete", id)
	if err := b.call(nil, "Messages.Get", id); err == nil || err.Code != "not_found" {
		t.Fatalf("after delete: %v", fmt.Sprint(err))
	}
}
