package compose

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"commhub/backend/model"
	"commhub/backend/settings"
	"commhub/backend/store/storetest"
)

// Every partner macro is filled from the batch loader, whichever columns a message
// needs, and NULLs written by other tools read as empty values.
func TestLoaderFillsEveryPartnerMacro(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	p := model.Partner{ID: 9, Name: "Full Ltd", FirstName: "Fay", LastName: "Full", Company: "Full Co", Email: "fay@example.com",
		Country: "DE", Status: "active", AccountManagerID: ptr(int64(1)), EncodedID: "PF9"}
	if err := st.DB.Create(&p).Error; err != nil {
		t.Fatal(err)
	}
	if err := st.DB.Exec("UPDATE partners SET first_name = NULL, company = NULL, country = NULL WHERE id = 2").Error; err != nil {
		t.Fatal(err)
	}
	all := model.Message{Kind: model.MessageGeneral, RecipientKind: model.RecipientPartners, Theme: model.ThemeBlank,
		Subject: "{partner_name} / {partner_first_name}",
		Body: "<p>[{partner_id}|{partner_first_name}|{partner_last_name}|{partner_company}|{partner_email}|{partner_country}|" +
			"{account_manager_name}|{account_manager_email}]</p>",
		Recipients: model.RecipientSpec{IDs: []int64{9, 2}}}
	c := mustCompile(t, st.DB, saveMessage(t, st.DB, all))
	got := renderAll(t, c, []int64{9, 2})
	if want := "[9|Fay|Full|Full Co|fay@example.com|DE|Jamie Lee|jamie@northwind.example]"; !strings.Contains(got[9].Text, want) {
		t.Errorf("partner 9 text lacks %q:\n%s", want, got[9].Text)
	}
	if got[9].Subject != "Full Ltd / Fay" {
		t.Errorf("subject %q", got[9].Subject)
	}
	if want := "[2||||eve@example.com|||]"; !strings.Contains(got[2].Text, want) {
		t.Errorf("partner 2 text lacks %q:\n%s", want, got[2].Text)
	}
	// Pooled HMAC states are reset between recipients: each link names its own partner.
	secret, _ := settings.UnsubscribeSecret(st.DB)
	for _, id := range []int64{9, 2} {
		u, _ := url.Parse(got[id].UnsubscribeURL)
		kind, who, msg, err := ParseUnsubscribeToken(secret, u.Query().Get("t"))
		if err != nil || kind != KindPartner || who != id || msg != c.Message().ID {
			t.Errorf("partner %d's unsubscribe token: %s %d %d %v", id, kind, who, msg, err)
		}
	}
	one, err := c.Render(context.Background(), KindPartner, 9)
	if err != nil || one.Text != got[9].Text || one.HTML != got[9].HTML {
		t.Errorf("Render and RenderEach differ: %q vs %q (%v)", one.Text, got[9].Text, err)
	}

	// A message that uses none of the optional columns renders the same names and
	// addresses and leaves the others out.
	few := all
	few.Body = "<p>[{partner_name}|{partner_email}]</p>"
	c = mustCompile(t, st.DB, saveMessage(t, st.DB, few))
	got = renderAll(t, c, []int64{9})
	if want := "[Full Ltd|fay@example.com]"; !strings.Contains(got[9].Text, want) || got[9].ToName != "Full Ltd" || got[9].To != "fay@example.com" {
		t.Errorf("partner 9: %+v", got[9])
	}
}

func renderAll(t *testing.T, c *Compiled, ids []int64) map[int64]Rendered {
	t.Helper()
	out := map[int64]Rendered{}
	err := c.RenderEach(context.Background(), KindPartner, ids, func(d Decision, r *Rendered) error {
		if r == nil {
			t.Fatalf("partner %d not rendered: %s %s", d.ID, d.Status, d.Reason)
		}
		out[d.ID] = *r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
