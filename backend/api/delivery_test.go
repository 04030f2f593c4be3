package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"commhub/backend/api"
	"commhub/backend/delivery"
	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
	"commhub/backend/rpc"
	"commhub/backend/store"
)

func TestDeliveryServicesOverTheBridge(t *testing.T) {
	keyring.MockInit()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svcs := api.New(api.Deps{Store: st})
	eng := svcs.DeliveryEngine()
	if err := eng.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer eng.Stop()
	d, err := rpc.NewDispatcher(svcs.Bound())
	if err != nil {
		t.Fatal(err)
	}
	b := bridge{t: t, d: d}
	sink, err := smtptest.Start(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()

	// SMTP profiles: validation, password kept out of replies, connection tests.
	if e := b.call(nil, "SMTP.Save", map[string]any{"name": "x", "host": "smtp.example.com", "port": 0}, nil); e == nil || e.Code != "invalid" || !strings.Contains(e.Message, "port 0") {
		t.Fatalf("bad port: %v", e)
	}
	prof := map[string]any{"name": "Sink", "host": "127.0.0.1", "port": sink.Port(), "tls": "none", "fromEmail": "news@example.test"}
	var saved model.SMTPProfile
	b.must(&saved, "SMTP.Save", prof, "pw")
	if !saved.HasPassword || !saved.IsDefault || saved.ID == 0 {
		t.Fatalf("saved %+v", saved)
	}
	var res api.TestResult
	b.must(&res, "SMTP.Test", saved, nil)
	if !res.OK {
		t.Fatalf("test against the sink: %+v", res)
	}
	closed := saved
	closed.Port = 1
	b.must(&res, "SMTP.Test", closed, "pw")
	if res.OK || !strings.Contains(res.Message, "cannot reach 127.0.0.1:1") {
		t.Fatalf("test against a closed port: %+v", res)
	}
	var info api.SecretInfo
	b.must(&info, "SMTP.Secrets")
	if info.Backend != "keyring" || info.Warning != "" {
		t.Fatalf("secrets %+v", info)
	}

	// A send through the bridge, and its log.
	var settings map[string]any
	b.must(&settings, "Settings.Get")
	settings["trackingDomain"], settings["unsubscribeBaseUrl"], settings["defaultFromEmail"] = "trk.example.test", "https://trk.example.test/u", "news@example.test"
	b.must(&settings, "Settings.Save", settings)
	for i, email := range []string{"ann@example.test", "bob@example.test", "cy@example.test"} {
		st.DB.Create(&model.Partner{ID: int64(i + 1), Name: strings.Split(email, "@")[0], Email: email, Status: "active"})
	}
	var sup model.Suppression
	b.must(&sup, "Suppressions.Add", "CY@example.test", "complained", "feedback loop")
	var msgID int64
	b.must(&msgID, "Messages.Save", map[string]any{"kind": "general", "subject": "Hi {partner_name}", "fromEmail": "news@example.test",
		"body": "<p>Hello</p>", "recipients": map[string]any{"ids": []int64{1, 2, 3}}})
	var runID int64
	b.must(&runID, "Deliveries.Send", msgID)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if p, err := eng.Wait(ctx, runID); err != nil || p.Sent != 2 || p.Skipped != 1 {
		t.Fatalf("run: %+v %v", p, err)
	}
	if e := b.call(nil, "Deliveries.Send", int64(999)); e == nil || e.Code != "not_found" {
		t.Fatalf("unknown message: %v", e)
	}
	var runs []delivery.RunSummary
	b.must(&runs, "Deliveries.Runs", int64(0))
	if len(runs) != 1 || runs[0].Totals.Sent != 2 || runs[0].ProfileName != "Sink" {
		t.Fatalf("runs %+v", runs)
	}
	var page delivery.RecipientPage
	b.must(&page, "Deliveries.Recipients", runID, "skipped", "", 1, 50)
	if page.Total != 1 || page.Rows[0].Reason != "suppressed (complained)" {
		t.Fatalf("skipped rows %+v", page)
	}
	var csv string
	b.must(&csv, "Deliveries.ExportCSV", runID, "", "")
	if strings.Count(csv, "\n") != 4 {
		t.Fatalf("csv:\n%s", csv)
	}
	if e := b.call(nil, "Deliveries.Pause", runID); e == nil || e.Code != "conflict" {
		t.Fatalf("pausing a finished run: %v", e)
	}
	if e := b.call(nil, "Deliveries.ResolveUnknown", runID, []int64{}, "maybe"); e == nil || e.Code != "invalid" {
		t.Fatalf("bad action: %v", e)
	}
	if e := b.call(nil, "Deliveries.Run", int64(42)); e == nil || e.Code != "not_found" {
		t.Fatalf("missing run: %v", e)
	}
	if e := b.call(nil, "SMTP.Delete", saved.ID); e != nil {
		t.Fatalf("delete a profile of a finished run: %v", e)
	}

	// The suppression list round trip.
	var imp delivery.ImportResult
	b.must(&imp, "Suppressions.ImportCSV", "dee@example.test\nnot-an-address\n", "")
	if imp.Added != 1 || len(imp.Problems) != 1 {
		t.Fatalf("import %+v", imp)
	}
	var list delivery.SuppressionPage
	b.must(&list, "Suppressions.List", "", "", 1, 50)
	if list.Total != 2 || list.Counts["complained"] != 1 || list.Counts["manual"] != 1 {
		t.Fatalf("list %+v", list)
	}
	var n int64
	b.must(&n, "Suppressions.Remove", []string{"dee@example.test"})
	b.must(&csv, "Suppressions.ExportCSV")
	if n != 1 || !strings.Contains(csv, "cy@example.test,complained") || strings.Contains(csv, "dee@") {
		t.Fatalf("after remove (%d):\n%s", n, csv)
	}
}
