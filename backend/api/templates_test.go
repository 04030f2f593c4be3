package api_test

import (
	"strings"
	"testing"
	"time"

	"commhub/backend/audience"
	"commhub/backend/compose"
	"commhub/backend/model"
	"commhub/backend/settings"
	"commhub/backend/store"
	tpl "commhub/backend/template"
)

func demoBridge(t *testing.T) (bridge, *store.Store) {
	t.Helper()
	b, st := newBridge(t)
	if _, err := store.SeedDemoIfEmpty(st, time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if _, err := settings.Save(st.DB, settings.Demo()); err != nil {
		t.Fatal(err)
	}
	return b, st
}

func findTemplate(t *testing.T, list []tpl.Summary, name string) tpl.Summary {
	t.Helper()
	for _, s := range list {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no template %q in %d", name, len(list))
	return tpl.Summary{}
}

func wantErr(t *testing.T, b bridge, code, contains, method string, args ...any) {
	t.Helper()
	err := b.call(nil, method, args...)
	if err == nil || err.Code != code || !strings.Contains(err.Message, contains) {
		t.Fatalf("%s: want %s error containing %q, got %v", method, code, contains, err)
	}
}

func TestTemplatesLibraryAndUseOverTheBridge(t *testing.T) {
	b, st := demoBridge(t)
	var list []tpl.Summary
	b.must(&list, "Templates.List")
	if len(list) < 16 || !list[0].BuiltIn || list[0].Uses != 0 {
		t.Fatalf("list %+v", list)
	}
	news := findTemplate(t, list, "Monthly partner newsletter")
	var full tpl.Template
	b.must(&full, "Templates.Get", news.ID)
	if full.Audience == nil || full.Subject == "" || full.Body == "" || full.Key != "monthly-partner-newsletter" {
		t.Fatalf("get %+v", full)
	}

	// Use: a draft with the suggested audience saved and preselected, counted.
	var msgID int64
	b.must(&msgID, "Templates.Use", news.ID)
	var m model.Message
	b.must(&m, "Messages.Get", msgID)
	if m.Subject != full.Subject || !strings.Contains(m.Body, "This month at") || !strings.Contains(m.Body, "{unsub_link}") ||
		m.Recipients.AudienceID == nil || m.FromEmail != "partners@northwind.example" || m.Status != model.MessageDraft {
		t.Fatalf("draft from template %+v", m)
	}
	var aud audience.Saved
	b.must(&aud, "Audiences.Get", *m.Recipients.AudienceID)
	if aud.Name != full.Audience.Name || len(aud.Rules.Groups[0].Rules) != 2 {
		t.Fatalf("suggested audience %+v", aud)
	}
	var probs []any
	b.must(&probs, "Messages.Validate", m)
	var again int64
	b.must(&again, "Templates.Use", news.ID)
	var m2 model.Message
	b.must(&m2, "Messages.Get", again)
	if again == msgID || *m2.Recipients.AudienceID != *m.Recipients.AudienceID {
		t.Fatalf("a second use made audience %v, want the same %v", *m2.Recipients.AudienceID, *m.Recipients.AudienceID)
	}
	// The user's own audience of that name, with other rules, stays untouched.
	if err := st.DB.Model(&model.Audience{}).Where("id = ?", aud.ID).Update("rules", `{"kind":"partners","groups":[{"rules":[{"field":"status","values":["pending"]}]}]}`).Error; err != nil {
		t.Fatal(err)
	}
	var third int64
	b.must(&third, "Templates.Use", news.ID)
	var m3 model.Message
	b.must(&m3, "Messages.Get", third)
	var aud3 audience.Saved
	b.must(&aud3, "Audiences.Get", *m3.Recipients.AudienceID)
	if aud3.ID == aud.ID || aud3.Name != full.Audience.Name+" (2)" {
		t.Fatalf("suggestion saved over the user's audience: %+v", aud3)
	}

	// Offer Details: offers are left for the user to pick.
	launch := findTemplate(t, list, "New offer launch")
	var offerMsg int64
	b.must(&offerMsg, "Templates.Use", launch.ID)
	var om model.Message
	b.must(&om, "Messages.Get", offerMsg)
	if om.Kind != model.MessageOfferDetails || len(om.Offers) != 0 || om.Recipients.AudienceID == nil {
		t.Fatalf("offer details draft %+v", om)
	}
	// Team templates have no suggested audience.
	brief := findTemplate(t, list, "Internal team brief")
	var briefMsg int64
	b.must(&briefMsg, "Templates.Use", brief.ID)
	var bm model.Message
	b.must(&bm, "Messages.Get", briefMsg)
	if bm.RecipientKind != model.RecipientEmployees || bm.Recipients.AudienceID != nil {
		t.Fatalf("team draft %+v", bm)
	}

	b.must(&list, "Templates.List")
	if list[0].ID != news.ID || list[0].Uses != 3 || list[0].LastUsedAt == nil || list[1].Uses != 1 {
		t.Fatalf("most used first: %+v", list[:3])
	}
	// Uses older than 100 days no longer rank.
	old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 5 {
		st.DB.Create(&model.TemplateUse{TemplateID: brief.ID, UsedAt: old})
	}
	b.must(&list, "Templates.List")
	if list[0].ID != news.ID || findTemplate(t, list, brief.Name).Uses != 1 {
		t.Fatalf("old uses counted: %+v", list[:3])
	}

	// Built-ins are read-only.
	wantErr(t, b, "conflict", "built-in", "Templates.Delete", news.ID)
	wantErr(t, b, "conflict", "cannot be edited", "Templates.Save", full)
	wantErr(t, b, "not_found", "template 99999", "Templates.Get", 99999)
	wantErr(t, b, "not_found", "template 99999", "Templates.Use", 99999)
	wantErr(t, b, "not_found", "template 99999", "Templates.Delete", 99999)

	// Duplicate makes it the user's own, editable and deletable.
	var copyID int64
	b.must(&copyID, "Templates.Duplicate", news.ID)
	var cp tpl.Template
	b.must(&cp, "Templates.Get", copyID)
	if cp.BuiltIn || cp.Name != "Copy of Monthly partner newsletter" || cp.Body != full.Body || cp.Audience.Name != full.Audience.Name {
		t.Fatalf("copy %+v", cp)
	}
	var copy2 int64
	b.must(&copy2, "Templates.Duplicate", news.ID)
	b.must(&cp, "Templates.Get", copy2)
	if cp.Name != "Copy of Monthly partner newsletter (2)" {
		t.Fatalf("second copy named %q", cp.Name)
	}
	cp.Subject = "Edited {partner_first_name|there}"
	var saved int64
	b.must(&saved, "Templates.Save", cp)
	b.must(&cp, "Templates.Get", copy2)
	if saved != copy2 || cp.Subject != "Edited {partner_first_name|there}" {
		t.Fatalf("edit %d %+v", saved, cp)
	}
	b.must(nil, "Templates.Delete", copy2)
	wantErr(t, b, "not_found", "does not exist", "Templates.Get", copy2)

	// Preview as a chosen partner, through the composer.
	var pv compose.Preview
	b.must(&pv, "Templates.Preview", news.ID, 0)
	if pv.Name == "" || !strings.Contains(pv.HTML, "This month at Northwind Affiliates") || strings.Contains(pv.Subject, "{") {
		t.Fatalf("preview %+v", pv)
	}
	var people []tpl.Recipient
	b.must(&people, "Templates.Recipients", "partners", "")
	if len(people) != 20 {
		t.Fatalf("recipients %d", len(people))
	}
	b.must(&pv, "Templates.Preview", news.ID, people[3].ID)
	if pv.ID != people[3].ID || pv.Email != people[3].Email {
		t.Fatalf("preview for %d: %+v", people[3].ID, pv)
	}
	b.must(&pv, "Templates.Preview", launch.ID, 0)
	if !strings.Contains(pv.HTML, "Get started") {
		t.Fatal("offer details preview without a sample offer card")
	}
	wantErr(t, b, "not_found", "does not exist", "Templates.Preview", news.ID, 424242)
	wantErr(t, b, "invalid", "not a recipient kind", "Templates.Recipients", "robots", "")
}

func TestUserTemplatesOverTheBridge(t *testing.T) {
	b, _ := demoBridge(t)
	mine := tpl.Template{Content: tpl.Content{Name: "Quarterly check-in", Kind: "general", RecipientKind: "partners",
		Subject: "Quick check-in, {partner_first_name|there}", Body: "<p>How is it going, {partner_name}?</p>",
		Audience: &audience.Portable{Name: "Active partners", Rules: audience.Rules{Kind: "partners",
			Groups: []audience.Group{{Rules: []audience.Rule{{Field: "status", Values: []string{"active"}}}}}}}}}
	var id int64
	b.must(&id, "Templates.Save", mine)
	var got tpl.Template
	b.must(&got, "Templates.Get", id)
	if got.Category != tpl.DefaultCategory || got.Theme != "branded" || got.BuiltIn {
		t.Fatalf("saved %+v", got)
	}
	wantErr(t, b, "conflict", "already exists", "Templates.Save", mine)
	clash := mine
	clash.Name = "monthly PARTNER newsletter"
	wantErr(t, b, "conflict", "a built-in template named", "Templates.Save", clash)

	bad := mine
	bad.Name, bad.Subject, bad.Body, bad.Kind = "Broken", "", "<p>Hello {partner_nme}</p>", "offer_details"
	bad.RecipientKind = "advertisers"
	wantErr(t, b, "invalid", "recipientKind: an Offer Details template goes to partners", "Templates.Save", bad)
	bad.Kind, bad.RecipientKind = "general", "partners"
	err := b.call(nil, "Templates.Save", bad)
	if err == nil || err.Code != "invalid" || !strings.Contains(err.Message, "subject: the subject is empty") ||
		!strings.Contains(err.Message, "body: line 1 column 10: unknown macro {partner_nme}: did you mean {partner_name}?") {
		t.Fatalf("bad template: %v", err)
	}
	var errs []tpl.FieldError
	b.must(&errs, "Templates.Validate", bad)
	if len(errs) != 2 || errs[0].Field != "subject" || errs[1].Field != "body" {
		t.Fatalf("validate %+v", errs)
	}
	bad = mine
	bad.Name = "Wrong audience"
	bad.Audience = &audience.Portable{Name: "Ads", Rules: audience.Rules{Kind: "advertisers", Groups: []audience.Group{{Rules: []audience.Rule{{Field: "status", Values: []string{"active"}}}}}}}
	wantErr(t, b, "invalid", "audience: the suggested audience selects advertisers but the template goes to partners", "Templates.Save", bad)
	bad.Audience = &audience.Portable{Name: "Gone", Rules: audience.Rules{Kind: "partners", Groups: []audience.Group{{Rules: []audience.Rule{{Field: "approved_offer", IDs: []int64{987654}}}}}}}
	wantErr(t, b, "invalid", "audience.rules: group 1 rule 1 (approved_offer): unknown offer 987654", "Templates.Save", bad)
	bad.Audience, bad.Name = nil, strings.Repeat("x", 121)
	wantErr(t, b, "invalid", "name: the name is 121 characters long", "Templates.Save", bad)

	// Save from a message: its content and its saved audience, no offers.
	var aid int64
	b.must(&aid, "Audiences.Save", audience.Saved{Name: "Germany", Rules: audience.Rules{Kind: "partners",
		Groups: []audience.Group{{Rules: []audience.Rule{{Field: "country", Values: []string{"DE"}}}}}}})
	var draft model.Message
	b.must(&draft, "Messages.NewDraft", "general")
	draft.Subject, draft.Body, draft.Theme = "Hallo {partner_first_name|zusammen}", "<p>Neue Angebote für {partner_name}.</p>", "logo"
	draft.Recipients.AudienceID = &aid
	var msgID int64
	b.must(&msgID, "Messages.Save", draft)
	var fromMsg int64
	b.must(&fromMsg, "Templates.SaveFromMessage", msgID, "  German partners update  ")
	b.must(&got, "Templates.Get", fromMsg)
	if got.Name != "German partners update" || got.Subject != draft.Subject || got.Body != draft.Body || got.Theme != "logo" ||
		got.Audience == nil || got.Audience.Name != "Germany" {
		t.Fatalf("from message %+v", got)
	}
	wantErr(t, b, "conflict", "already exists", "Templates.SaveFromMessage", msgID, "German partners update")
	wantErr(t, b, "invalid", "name: the template needs a name", "Templates.SaveFromMessage", msgID, " ")
	wantErr(t, b, "not_found", "message 777", "Templates.SaveFromMessage", 777, "Nope")

	// Used once, the new template ranks first.
	var used int64
	b.must(&used, "Templates.Use", fromMsg)
	var list []tpl.Summary
	b.must(&list, "Templates.List")
	if list[0].ID != fromMsg || list[0].Uses != 1 || list[0].AudienceName != "Germany" {
		t.Fatalf("list %+v", list[0])
	}
	b.must(nil, "Templates.Delete", fromMsg)
	b.must(&list, "Templates.List")
	if list[0].ID == fromMsg {
		t.Fatal("deleted template still listed")
	}
}
