package compose

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"commhub/backend/fault"
	"commhub/backend/model"
	"commhub/backend/settings"
	"commhub/backend/store/storetest"
)

func offerMessage(offers ...int64) model.Message {
	return model.Message{
		Kind: model.MessageOfferDetails, RecipientKind: model.RecipientPartners, Theme: model.ThemeBranded,
		Subject: "New for {partner_first_name|you}",
		Body:    `<h1>Hi {partner_first_name|there}</h1><p>Your manager {account_manager_name|the team} picked these.</p>`,
		Offers:  offers, Recipients: model.RecipientSpec{IDs: []int64{1, 2, 3, 4, 5, 6, 7}},
	}
}

func TestRenderOfferDetails(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	c := mustCompile(t, st.DB, saveMessage(t, st.DB, offerMessage(101, 102, 103)))
	got, err := c.Render(context.Background(), KindPartner, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != "New for Alice" || got.To != "alice@example.com" {
		t.Fatalf("subject %q to %q", got.Subject, got.To)
	}
	for _, want := range []string{
		"https://trk.northwind.example/PA1/OFA1/", "https://trk.northwind.example/PA1/OFC3/",
		"Hi Alice", "Jamie Lee", "$12.50", "€1,234.56", "0.99 XYZ", "Trial &lt;free&gt;", "Northwind &amp; Co",
		`style="`, "Unsubscribe",
	} {
		if !strings.Contains(got.HTML, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(got.HTML, "{offer_") || strings.Contains(got.HTML, "{partner_") || strings.Contains(got.HTML, ".offer-card {") {
		t.Errorf("HTML keeps a macro or un-inlined CSS:\n%s", got.HTML)
	}
	for _, want := range []string{"Hi Alice", "https://trk.northwind.example/PA1/OFB2/", got.UnsubscribeURL, "Northwind & Co"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("text part lacks %q:\n%s", want, got.Text)
		}
	}
	// The unsubscribe link is signed for this recipient and message.
	u, _ := url.Parse(got.UnsubscribeURL)
	secret, _ := settings.UnsubscribeSecret(st.DB)
	kind, id, msg, err := ParseUnsubscribeToken(secret, u.Query().Get("t"))
	if err != nil || kind != KindPartner || id != 1 || msg != c.Message().ID {
		t.Fatalf("token: %s %d %d %v", kind, id, msg, err)
	}
	if _, _, _, err := ParseUnsubscribeToken(secret, strings.Replace(u.Query().Get("t"), "A", "B", 1)+"x"); err == nil {
		t.Fatal("a tampered token was accepted")
	}
}

func TestDecisions(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	c := mustCompile(t, st.DB, saveMessage(t, st.DB, offerMessage(101, 102)))
	want := map[int64]string{
		1: "ok", 2: "blocked:not approved for Public Offer (#101), Gated Offer (#102)", 3: "skipped:partner is inactive",
		4: "skipped:partner is suspended", 5: "skipped:unsubscribed", 6: "skipped:suppressed (bounced)",
		7: "skipped:no tracking link for offer 101: the partner has no encoded ID for tracking links (import or sync partners)",
	}
	n := 0
	err := c.Recipients(context.Background(), func(d Decision) error {
		n++
		got := d.Status
		if d.Reason != "" {
			got += ":" + d.Reason
		}
		if got != want[d.ID] {
			t.Errorf("partner %d: got %q, want %q", d.ID, got, want[d.ID])
		}
		if _, err := c.Render(context.Background(), KindPartner, d.ID); (err == nil) != (d.Status == StatusOK) {
			t.Errorf("partner %d: Render error %v for status %s", d.ID, err, d.Status)
		}
		return nil
	})
	if err != nil || n != len(want) {
		t.Fatalf("%d decisions, %v", n, err)
	}
	e, err := c.Summarize(context.Background(), 100)
	if err != nil || e.Recipients != 1 || e.BlockedCount != 1 || e.SkippedCount != 5 || len(e.Blocked[0].Offers) != 2 {
		t.Fatalf("summary %+v %v", e, err)
	}
}

func TestDecideSeesChangesAfterCompile(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	ctx := context.Background()
	c := mustCompile(t, st.DB, saveMessage(t, st.DB, offerMessage(102)))
	if d, _ := c.Decide(ctx, KindPartner, 1); d.Status != StatusOK {
		t.Fatalf("before: %+v", d)
	}
	st.DB.Model(&model.Approval{}).Where("partner_id = 1 AND offer_id = 102").Update("status", model.ApprovalRejected)
	if d, _ := c.Decide(ctx, KindPartner, 1); d.Status != StatusBlocked {
		t.Fatalf("after rejection: %+v", d)
	}
	if _, err := c.Render(ctx, KindPartner, 1); fault.KindOf(err) != fault.Conflict {
		t.Fatalf("render after rejection: %v", err)
	}
	// Partner 2 has a pending approval: blocked until the offer turns public.
	if d, _ := c.Decide(ctx, KindPartner, 2); d.Status != StatusBlocked {
		t.Fatalf("pending: %+v", d)
	}
	st.DB.Model(&model.Offer{}).Where("id = 102").Update("visibility", model.VisibilityPublic)
	if d, _ := c.Decide(ctx, KindPartner, 2); d.Status != StatusOK {
		t.Fatalf("after going public: %+v", d)
	}
}

func TestHostileNameIsEscaped(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	m := model.Message{
		Kind: model.MessageGeneral, RecipientKind: model.RecipientPartners, Theme: model.ThemeBlank,
		Subject: "Hello {partner_name}",
		Body: `<p id="greet">Hi {partner_name}</p><p><a id="q" title="{partner_name}" href="https://x.example/?n={partner_name}">a</a>` +
			`<a id="s" title='{partner_name}' href="https://x.example/p/{partner_name}/">b</a></p>`,
		Recipients: model.RecipientSpec{IDs: []int64{2}},
	}
	c := mustCompile(t, st.DB, saveMessage(t, st.DB, m))
	got, err := c.Render(context.Background(), KindPartner, 2)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(got.Subject, "\r\n") || !strings.Contains(got.Subject, "Bcc: victim") {
		t.Fatalf("subject %q", got.Subject)
	}
	doc, err := html.Parse(strings.NewReader(got.HTML))
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]*html.Node{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "b" || n.Data == "script" {
				t.Errorf("the name created a <%s> element", n.Data)
			}
			for _, a := range n.Attr {
				if a.Key == "id" {
					found[a.Val] = n
				}
				if strings.HasPrefix(a.Key, "on") || a.Key == "quoted" || a.Key == "single" {
					t.Errorf("the name created attribute %q", a.Key)
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	// An HTML parser reads CR LF in text and attributes as LF; URLs keep the exact bytes.
	parsedName := strings.ReplaceAll(hostileName, "\r\n", "\n")
	if p := found["greet"]; p == nil || p.FirstChild == nil || p.FirstChild.Data != "Hi "+parsedName {
		t.Fatalf("text node: %+v", p)
	}
	for _, id := range []string{"q", "s"} {
		a := found[id]
		if a == nil {
			t.Fatalf("link %s missing from\n%s", id, got.HTML)
		}
		attrs := map[string]string{}
		for _, at := range a.Attr {
			attrs[at.Key] = at.Val
		}
		if attrs["title"] != parsedName {
			t.Errorf("link %s title %q", id, attrs["title"])
		}
		u, err := url.Parse(attrs["href"])
		if err != nil || u.Host != "x.example" {
			t.Fatalf("link %s href %q: %v", id, attrs["href"], err)
		}
		if id == "q" && u.Query().Get("n") != hostileName {
			t.Errorf("query value %q", u.Query().Get("n"))
		}
		if id == "s" && u.Path != "/p/"+hostileName+"/" {
			t.Errorf("path %q", u.Path)
		}
	}
}

func TestJavascriptPreviewURLIsNeutralised(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	st.DB.Model(&model.Offer{}).Where("id = 101").Update("preview_url", "javascript:alert(document.cookie)")
	c := mustCompile(t, st.DB, saveMessage(t, st.DB, offerMessage(101)))
	got, err := c.Render(context.Background(), KindPartner, 1)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got.HTML, "javascript:") || !strings.Contains(got.HTML, `href="#"`) {
		t.Fatalf("preview link not neutralised:\n%s", got.HTML)
	}
}

func TestCustomLinkTemplateAndParams(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, func(s *settings.Settings) {
		s.TrackingTemplate = "https://{tracking_domain}/click?aff_id={partner_id}&offer_id={offer_id}&sub1={sub1}"
	})
	seedNetwork(t, st.DB)
	m := offerMessage(102)
	m.Tracking = model.TrackingParams{Sub1: "nov news", SourceID: "mail", URL: "https://acme.example/land?x=1"}
	c := mustCompile(t, st.DB, saveMessage(t, st.DB, m))
	// Partner 7 has no encoded ID, which the custom template does not need.
	got, err := c.Render(context.Background(), KindPartner, 7)
	if err != nil {
		t.Fatal(err)
	}
	want := "https://trk.northwind.example/click?aff_id=7&offer_id=102&sub1=nov+news&source_id=mail&url=https%3A%2F%2Facme.example%2Fland%3Fx%3D1"
	if !strings.Contains(got.Text, want) {
		t.Fatalf("text lacks %s:\n%s", want, got.Text)
	}
	if !strings.Contains(got.HTML, strings.ReplaceAll(want, "&", "&amp;")) {
		t.Fatalf("HTML lacks the link")
	}
}

func TestCachedTrackingLinkWins(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	st.DB.Exec("INSERT INTO tracking_links(partner_id, offer_id, url, fetched_at) VALUES (7, 102, 'https://platform.example/abc', ?)", testNow)
	c := mustCompile(t, st.DB, saveMessage(t, st.DB, offerMessage(102)))
	got, err := c.Render(context.Background(), KindPartner, 7)
	if err != nil || !strings.Contains(got.HTML, "https://platform.example/abc") {
		t.Fatalf("%v\n%s", err, got.HTML)
	}
}

func TestUnsubLinkNotDuplicated(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	m := offerMessage(101)
	m.Body += `<p><a href="{unsub_link}">Leave</a></p>`
	c := mustCompile(t, st.DB, saveMessage(t, st.DB, m))
	got, _ := c.Render(context.Background(), KindPartner, 1)
	if strings.Count(got.HTML, got.UnsubscribeURL) != 1 || strings.Contains(got.HTML, ">Unsubscribe<") {
		t.Fatalf("unsubscribe link should appear once, the user's own:\n%s", got.HTML)
	}
}

func TestThemes(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, func(s *settings.Settings) {
		s.LogoURL = "https://cdn.northwind.example/logo.png?v={x}"
		s.FooterText = "Northwind Ltd, 1 <Main> St\nLondon"
		s.BrandColor = "#123456"
	})
	seedNetwork(t, st.DB)
	for _, c := range []struct {
		theme        string
		want, absent []string
	}{
		{model.ThemeBlank, []string{"1 &lt;Main&gt; St<br/>London"}, []string{"logo.png", "#123456"}},
		{model.ThemeLogo, []string{`src="https://cdn.northwind.example/logo.png?v=%7Bx%7D"`, `alt="Northwind &amp; Co"`}, []string{"#123456"}},
		{model.ThemeBranded, []string{"logo.png", "background-color:#123456"}, nil},
	} {
		m := model.Message{Theme: c.theme, Subject: "Hi", Body: "<p>Hello</p>", Recipients: model.RecipientSpec{IDs: []int64{1}}}
		r, err := mustCompile(t, st.DB, saveMessage(t, st.DB, m)).Render(context.Background(), KindPartner, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(r.HTML, w) {
				t.Errorf("%s: HTML lacks %q", c.theme, w)
			}
		}
		for _, a := range c.absent {
			if strings.Contains(r.HTML, a) {
				t.Errorf("%s: HTML has %q", c.theme, a)
			}
		}
	}
}
