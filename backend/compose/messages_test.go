package compose

import (
	"context"
	"testing"

	"commhub/backend/fault"
	"commhub/backend/model"
	"commhub/backend/store/storetest"
)

func TestMessageLifecycle(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	m := offerMessage(102, 101, 102)
	m.Recipients.Emails = []string{" Alice@Example.com", "alice@example.com"}
	m.Theme = "neon"
	id := saveMessage(t, st.DB, m)
	got, err := Get(ctx, st.DB, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Offers) != 2 || got.Offers[0] != 102 || got.Offers[1] != 101 || got.Theme != model.ThemeBranded ||
		len(got.Recipients.Emails) != 1 || got.Recipients.Emails[0] != "alice@example.com" || got.Status != model.MessageDraft {
		t.Fatalf("normalized draft: %+v", got)
	}
	got.Subject = "Changed"
	if _, err := Save(ctx, st.DB, got, testNow); err != nil {
		t.Fatal(err)
	}
	list, err := List(ctx, st.DB)
	if err != nil || len(list) != 1 || list[0].Subject != "Changed" || list[0].Offers != 2 {
		t.Fatalf("list %+v %v", list, err)
	}
	st.DB.Model(&model.Message{}).Where("id = ?", id).Update("status", model.MessageSent)
	if _, err := Save(ctx, st.DB, got, testNow); fault.KindOf(err) != fault.Conflict {
		t.Fatalf("editing a sent message: %v", err)
	}
	copyID, err := Duplicate(ctx, st.DB, id, testNow)
	if err != nil {
		t.Fatal(err)
	}
	dup, _ := Get(ctx, st.DB, copyID)
	if copyID == id || dup.Status != model.MessageDraft || dup.Subject != "Changed" || len(dup.Offers) != 2 {
		t.Fatalf("duplicate %+v", dup)
	}
	st.DB.Model(&model.Message{}).Where("id = ?", id).Update("status", model.MessageDraft)
	if err := Delete(ctx, st.DB, id); err != nil {
		t.Fatal(err)
	}
	if _, err := Get(ctx, st.DB, id); fault.KindOf(err) != fault.NotFound {
		t.Fatalf("after delete: %v", err)
	}
	got.ID = 12345
	if _, err := Save(ctx, st.DB, got, testNow); fault.KindOf(err) != fault.NotFound {
		t.Fatalf("saving a deleted message: %v", err)
	}
}

func TestRecipientsFromEmailsAndExclusions(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	m := model.Message{Kind: model.MessageGeneral, RecipientKind: model.RecipientPartners, Subject: "Hi", Body: "<p>x</p>",
		Recipients: model.RecipientSpec{IDs: []int64{1, 2, 99}, Emails: []string{"ALICE@example.com", "bouncy@example.com", "stranger@example.com"},
			ExcludeIDs: []int64{2}}}
	c := mustCompile(t, st.DB, saveMessage(t, st.DB, m))
	got := map[string]string{}
	err := c.Recipients(context.Background(), func(d Decision) error {
		got[d.Email+"#"+d.Status] = d.Reason
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"alice@example.com#ok":         "",
		"eve@example.com#skipped":      "excluded from this message",
		"#skipped":                     "partner 99 is not in the network",
		"Bouncy@Example.com#skipped":   "suppressed (bounced)",
		"stranger@example.com#skipped": "no partner has this address",
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
}

func TestAdvertiserAndEmployeeMessages(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	ctx := context.Background()
	adv := model.Message{RecipientKind: model.RecipientAdvertisers, Subject: "For {advertiser_name}",
		Body: "<p>Dear {advertiser_contact_name|partner}, {account_manager_name|we} will call.</p>", Recipients: model.RecipientSpec{IDs: []int64{70}}}
	c := mustCompile(t, st.DB, saveMessage(t, st.DB, adv))
	r, err := c.Render(ctx, KindAdvertiser, 70)
	if err != nil || r.Subject != "For Acme Health" || r.To != "dana@acme.example" {
		t.Fatalf("%+v %v", r, err)
	}
	if _, err := c.Render(ctx, KindPartner, 1); fault.KindOf(err) != fault.Invalid {
		t.Fatalf("rendering a partner for an advertiser message: %v", err)
	}
	emp := model.Message{RecipientKind: model.RecipientEmployees, Subject: "Team note for {partner_first_name|you}",
		Body: "<p>Internal</p>", Recipients: model.RecipientSpec{IDs: []int64{1}}}
	c = mustCompile(t, st.DB, saveMessage(t, st.DB, emp))
	r, err = c.Render(ctx, KindEmployee, 1)
	if err != nil || r.Subject != "Team note for Jamie" || r.To != "jamie@northwind.example" {
		t.Fatalf("%+v %v", r, err)
	}
}

// Browse pages through exactly the sequence Recipients produces, with or without a search.
func TestBrowseMatchesRecipients(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	ctx := context.Background()
	m := model.Message{Subject: "Hi", Body: "<p>x</p>", Recipients: model.RecipientSpec{IDs: []int64{6, 2, 99, 1},
		Emails: []string{"stranger@example.com", "idle@example.com", "alice@example.com"}}}
	c := mustCompile(t, st.DB, saveMessage(t, st.DB, m))
	var all []Decision
	if err := c.Recipients(ctx, func(d Decision) error { all = append(all, d); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(all) != 6 || all[len(all)-1].Email != "stranger@example.com" {
		t.Fatalf("sequence %+v", all)
	}
	for i := range all {
		p, err := c.Browse(ctx, "", i, 1)
		if err != nil || p.Total != len(all) || len(p.Items) != 1 || p.Items[0].ID != all[i].ID || p.Items[0].Email != all[i].Email {
			t.Fatalf("offset %d: %+v %v, want %+v", i, p, err, all[i])
		}
	}
	p, err := c.Browse(ctx, "ALICE", 0, 10)
	if err != nil || p.Total != 1 || p.Items[0].ID != 1 {
		t.Fatalf("search: %+v %v", p, err)
	}
	p, _ = c.Browse(ctx, "6", 0, 10)
	if p.Total != 1 || p.Items[0].ID != 6 {
		t.Fatalf("search by ID: %+v", p)
	}
}
