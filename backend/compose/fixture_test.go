package compose

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"commhub/backend/model"
	"commhub/backend/settings"
)

var testNow = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)

// Hostile is a partner name that tries every way out of its slot at once.
const hostileName = "<b>Eve</b> \"quoted\" 'single' javascript:alert(1)\r\nBcc: victim@example.com"

func saveSettings(t testing.TB, db *gorm.DB, edit func(*settings.Settings)) settings.Settings {
	t.Helper()
	s := settings.Defaults()
	s.NetworkName = "Northwind & Co"
	s.TrackingDomain = "trk.northwind.example"
	s.UnsubscribeBaseURL = "https://trk.northwind.example/u"
	s.DefaultFromEmail = "news@northwind.example"
	s.TimeZone = "UTC"
	if edit != nil {
		edit(&s)
	}
	s, err := settings.Save(db, s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ptr[T any](v T) *T { return &v }

// seedNetwork creates a small network: one manager, three offers of each visibility,
// partners of every status, approvals, a suppression.
func seedNetwork(t testing.TB, db *gorm.DB) {
	t.Helper()
	rows := []any{
		&model.Employee{ID: 1, Name: "Jamie Lee", Email: "jamie@northwind.example", Role: "account manager"},
		&model.Advertiser{ID: 70, Name: "Acme Health", ContactName: "Dana", ContactEmail: "dana@acme.example", Status: "active"},
		&model.Offer{ID: 101, Name: "Public Offer", Status: "active", Visibility: model.VisibilityPublic, PayoutCents: 1250, Currency: "USD",
			PreviewURL: "https://acme.example/p", EncodedID: "OFA1", Description: "Trial <free>"},
		&model.Offer{ID: 102, Name: "Gated Offer", Status: "active", Visibility: model.VisibilityRequireApproval, PayoutCents: 123456, Currency: "EUR", EncodedID: "OFB2"},
		&model.Offer{ID: 103, Name: "Private Offer", Status: "active", Visibility: model.VisibilityPrivate, PayoutCents: 99, Currency: "XYZ", EncodedID: "OFC3"},
		&model.Partner{ID: 1, Name: "Alice Media", FirstName: "Alice", Email: "alice@example.com", Status: "active", AccountManagerID: ptr(int64(1)), EncodedID: "PA1"},
		&model.Partner{ID: 2, Name: hostileName, FirstName: "", Email: "eve@example.com", Status: "active", EncodedID: "PE2"},
		&model.Partner{ID: 3, Name: "Idle Ltd", Email: "idle@example.com", Status: "inactive", EncodedID: "PI3"},
		&model.Partner{ID: 4, Name: "Banned Ltd", Email: "banned@example.com", Status: "suspended", EncodedID: "PB4"},
		&model.Partner{ID: 5, Name: "Gone Ltd", Email: "gone@example.com", Status: "active", Unsubscribed: true, EncodedID: "PG5"},
		&model.Partner{ID: 6, Name: "Bouncy Ltd", Email: "Bouncy@Example.com", Status: "active", EncodedID: "PB6"},
		&model.Partner{ID: 7, Name: "No Code Ltd", Email: "nocode@example.com", Status: "active"},
		&model.Suppression{Email: "bouncy@example.com", Reason: model.SuppressBounced, At: testNow},
		&model.Approval{PartnerID: 1, OfferID: 102, Status: model.ApprovalApproved},
		&model.Approval{PartnerID: 1, OfferID: 103, Status: model.ApprovalApproved},
		&model.Approval{PartnerID: 2, OfferID: 101, Status: model.ApprovalRejected},
		&model.Approval{PartnerID: 2, OfferID: 102, Status: model.ApprovalPending},
		&model.Approval{PartnerID: 7, OfferID: 102, Status: model.ApprovalApproved},
	}
	for _, r := range rows {
		if err := db.Create(r).Error; err != nil {
			t.Fatal(err)
		}
	}
}

func saveMessage(t testing.TB, db *gorm.DB, m model.Message) int64 {
	t.Helper()
	id, err := Save(context.Background(), db, m, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func mustCompile(t testing.TB, db *gorm.DB, id int64) *Compiled {
	t.Helper()
	c, err := Compile(context.Background(), db, id, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
