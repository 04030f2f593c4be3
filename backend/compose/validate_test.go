package compose

import (
	"context"
	"strings"
	"testing"

	"commhub/backend/fault"
	"commhub/backend/macro"
	"commhub/backend/model"
	"commhub/backend/settings"
	"commhub/backend/store/storetest"
)

func TestValidateMessage(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	st.DB.Create(&model.Offer{ID: 104, Name: "Paused Offer", Status: "paused", Visibility: model.VisibilityPublic, EncodedID: "P4"})
	st.DB.Create(&model.Offer{ID: 105, Name: "No Code Offer", Status: "active", Visibility: model.VisibilityPublic})
	base := func() model.Message {
		return model.Message{Kind: model.MessageGeneral, RecipientKind: model.RecipientPartners, Subject: "Hello {partner_name}",
			Body: "<p>Hi {partner_first_name|there}</p>", Recipients: model.RecipientSpec{IDs: []int64{1}}}
	}
	cases := []struct {
		name  string
		edit  func(*model.Message)
		field string
		want  string
		line  int
		col   int
	}{
		{"empty subject", func(m *model.Message) { m.Subject = "  " }, "subject", "the subject is empty", 0, 0},
		{"subject too long", func(m *model.Message) { m.Subject = strings.Repeat("x", 201) }, "subject", "too long (201 characters)", 1, 202},
		{"subject line break", func(m *model.Message) { m.Subject = "a\r\nBcc: x" }, "subject", "line break", 0, 0},
		{"unknown macro", func(m *model.Message) { m.Body = "<p>one</p>\n<p>Hi {partner_frist_name}</p>" }, "body", "did you mean {partner_first_name}", 2, 7},
		{"offer macro in general", func(m *model.Message) { m.Body = "<p>{offer_name}</p>" }, "body", "only works in Offer Details", 1, 4},
		{"unsub in subject", func(m *model.Message) { m.Subject = "Bye {unsub_link}" }, "subject", "cannot be used in the subject", 1, 5},
		{"javascript link", func(m *model.Message) { m.Body = `<p><a href="javascript:alert(1)">x</a></p>` }, "body", "not an http(s) link", 1, 13},
		{"empty body", func(m *model.Message) { m.Body = "<p></p>" }, "body", "body is empty", 0, 0},
		{"offer not carried", func(m *model.Message) {
			*m = offerMessage(101)
			m.Body = `<p><a href="{offer_tracking_link:102}">go</a></p>`
		}, "body", "does not carry offer 102", 1, 13},
		{"offer details to advertisers", func(m *model.Message) {
			*m = offerMessage(101)
			m.RecipientKind = model.RecipientAdvertisers
		}, "recipients", "partners only", 0, 0},
		{"no offers", func(m *model.Message) { *m = offerMessage() }, "offers", "at least one offer", 0, 0},
		{"paused offer", func(m *model.Message) { *m = offerMessage(104) }, "offers", "is paused", 0, 0},
		{"missing offer", func(m *model.Message) { *m = offerMessage(999) }, "offers", "offer 999 does not exist", 0, 0},
		{"offer without encoded id", func(m *model.Message) { *m = offerMessage(105) }, "offers", "no encoded ID", 0, 0},
		{"no recipients", func(m *model.Message) { m.Recipients = model.RecipientSpec{} }, "recipients", "no recipients", 0, 0},
		{"bad pasted address", func(m *model.Message) { m.Recipients.Emails = []string{"not an address"} }, "recipients", "is not an email address", 0, 0},
		{"bad reply-to", func(m *model.Message) { m.ReplyTo = "nope" }, "replyTo", "not an email address", 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := base()
			c.edit(&m)
			probs, err := Validate(context.Background(), st.DB, m, testNow)
			if err != nil {
				t.Fatal(err)
			}
			errs := Errors(probs)
			if len(errs) != 1 {
				t.Fatalf("want one error about %q, got %+v", c.want, errs)
			}
			p := errs[0]
			if p.Field != c.field || !strings.Contains(p.Message, c.want) || p.Line != c.line || p.Column != c.col {
				t.Fatalf("got %s %d:%d %q, want %s %d:%d %q", p.Field, p.Line, p.Column, p.Message, c.field, c.line, c.col, c.want)
			}
		})
	}
}

func TestValidateCleanAndNotices(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	probs, err := Validate(context.Background(), st.DB, offerMessage(101, 102), testNow)
	if err != nil || len(Errors(probs)) != 0 {
		t.Fatalf("%v %+v", err, probs)
	}
	if len(probs) != 1 || probs[0].Severity != macro.SeverityInfo || !strings.Contains(probs[0].Message, "added to the footer") {
		t.Fatalf("want the footer notice, got %+v", probs)
	}
}

func TestCompileRefusesUnsendable(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	m := offerMessage(101)
	m.Subject = ""
	_, err := Compile(context.Background(), st.DB, saveMessage(t, st.DB, m), testNow)
	if fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), "the subject is empty") {
		t.Fatalf("got %v", err)
	}
}

func TestSettingsProblems(t *testing.T) {
	st := storetest.Open(t)
	seedNetwork(t, st.DB) // no settings saved: no tracking domain, no unsubscribe base
	probs, _ := Validate(context.Background(), st.DB, offerMessage(101), testNow)
	var msgs []string
	for _, p := range Errors(probs) {
		msgs = append(msgs, p.Field+": "+p.Message)
	}
	joined := strings.Join(msgs, "\n")
	if !strings.Contains(joined, "settings: the unsubscribe base URL") || !strings.Contains(joined, "settings: the tracking domain") ||
		!strings.Contains(joined, "fromEmail: no from address") {
		t.Fatalf("got\n%s", joined)
	}
}

func TestFromAddressFallsBackToTheProfile(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, func(s *settings.Settings) { s.DefaultFromEmail = "" })
	seedNetwork(t, st.DB)
	ctx := context.Background()
	m := model.Message{Subject: "Hi", Body: "<p>x</p>", Recipients: model.RecipientSpec{IDs: []int64{1}}}
	probs, _ := Validate(ctx, st.DB, m, testNow)
	if errs := Errors(probs); len(errs) != 1 || errs[0].Field != "fromEmail" {
		t.Fatalf("without any from address: %+v", errs)
	}
	st.DB.Create(&model.SMTPProfile{Name: "main", Host: "smtp.example.com", Port: 587, TLS: model.TLSStartTLS, FromEmail: "desk@northwind.example", IsDefault: true})
	probs, _ = Validate(ctx, st.DB, m, testNow)
	if errs := Errors(probs); len(errs) != 0 {
		t.Fatalf("the default profile's address should do: %+v", errs)
	}
	m.SMTPProfileID = ptr(int64(404))
	probs, _ = Validate(ctx, st.DB, m, testNow)
	if errs := Errors(probs); len(errs) != 2 || errs[0].Field != "smtpProfileId" || !strings.Contains(errs[0].Message, "does not exist") {
		t.Fatalf("a missing profile: %+v", errs)
	}
}
