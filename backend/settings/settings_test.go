package settings

import (
	"bytes"
	"strings"
	"testing"

	"commhub/backend/fault"
	"commhub/backend/store/storetest"
)

func TestLoadDefaultsAndRoundTrip(t *testing.T) {
	st := storetest.Open(t)
	s, err := Load(st.DB)
	if err != nil {
		t.Fatal(err)
	}
	if s != Defaults() {
		t.Fatalf("fresh store: got %+v, want defaults", s)
	}
	s.NetworkName = "  Northwind  "
	s.TrackingDomain = "TRK.Northwind.example"
	s.TrackingTemplate = "https://{tracking_domain}/click?aff_id={partner_id}&offer_id={offer_id}&sub1={sub1}"
	s.TimeZone = "Europe/London"
	s.DefaultFromEmail = "news@northwind.example"
	s.UnsubscribeBaseURL = "https://trk.northwind.example/u"
	saved, err := Save(st.DB, s)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Load(st.DB)
	if err != nil {
		t.Fatal(err)
	}
	if again != saved || again.NetworkName != "Northwind" || again.TrackingDomain != "trk.northwind.example" {
		t.Fatalf("round trip: saved %+v, loaded %+v", saved, again)
	}
	if again.Location().String() != "Europe/London" {
		t.Fatalf("location %s", again.Location())
	}
}

func TestValidateRejects(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Settings)
		want string
	}{
		{"empty name", func(s *Settings) { s.NetworkName = "" }, "network name"},
		{"domain with scheme", func(s *Settings) { s.TrackingDomain = "https://trk.example.com" }, "no https://"},
		{"template without partner", func(s *Settings) { s.TrackingTemplate = "https://{tracking_domain}/?o={offer_id}" }, "{partner_id}"},
		{"template unknown placeholder", func(s *Settings) { s.TrackingTemplate = "https://x/{partner_name}/{offer_id}" }, "uses {partner_name}"},
		{"template not http", func(s *Settings) { s.TrackingTemplate = "ftp://x/{partner_id}/{offer_id}" }, "must start with https://"},
		{"zone", func(s *Settings) { s.TimeZone = "Mars/Olympus" }, "Mars/Olympus"},
		{"colour", func(s *Settings) { s.BrandColor = "blue" }, "brand colour"},
		{"logo", func(s *Settings) { s.LogoURL = "javascript:alert(1)" }, "logo URL"},
		{"from", func(s *Settings) { s.DefaultFromEmail = "not-an-address" }, "default from address"},
	}
	st := storetest.Open(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Defaults()
			c.edit(&s)
			_, err := Save(st.DB, s)
			if err == nil || fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an invalid-input error mentioning %q", err, c.want)
			}
		})
	}
	if s, _ := Load(st.DB); s != Defaults() {
		t.Fatalf("rejected saves changed the store: %+v", s)
	}
}

func TestUnsubscribeSecretIsStable(t *testing.T) {
	st := storetest.Open(t)
	a, err := UnsubscribeSecret(st.DB)
	if err != nil || len(a) != 32 {
		t.Fatalf("secret %x, %v", a, err)
	}
	b, _ := UnsubscribeSecret(st.DB)
	if !bytes.Equal(a, b) {
		t.Fatal("the secret changed between calls")
	}
}

func TestForgetDemoResetsOnlyDemoValues(t *testing.T) {
	db := storetest.Open(t).DB
	demo := Demo()
	if _, err := Save(db, demo); err != nil {
		t.Fatal(err)
	}
	changed := demo
	changed.DefaultFromEmail = "me@mynetwork.example"
	if _, err := Save(db, changed); err != nil {
		t.Fatal(err)
	}
	if err := ForgetDemo(db); err != nil {
		t.Fatal(err)
	}
	got, err := Load(db)
	if err != nil {
		t.Fatal(err)
	}
	if got.TrackingDomain != "" || got.UnsubscribeBaseURL != "" || got.NetworkName != Defaults().NetworkName {
		t.Errorf("demo values survived: %+v", got)
	}
	if got.DefaultFromEmail != "me@mynetwork.example" {
		t.Errorf("the user's own sender was reset: %q", got.DefaultFromEmail)
	}
}
