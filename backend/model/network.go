// Package model holds the GORM entities. IDs of network objects are the network's own IDs,
// so imports and API syncs upsert idempotently.
package model

import "time"

// Partner statuses, as the network reports them.
const (
	StatusActive    = "active"
	StatusPending   = "pending"
	StatusInactive  = "inactive"
	StatusSuspended = "suspended"
)

// PartnerStatuses lists every valid partner status, in display order.
var PartnerStatuses = []string{StatusActive, StatusPending, StatusInactive, StatusSuspended}

// Partner is an affiliate who drives traffic to offers.
type Partner struct {
	ID               int64  `gorm:"primaryKey;autoIncrement:false" json:"id"`
	Name             string `gorm:"not null;index" json:"name"`
	FirstName        string `json:"firstName"`
	LastName         string `json:"lastName"`
	Email            string `gorm:"not null;index" json:"email"`
	Company          string `json:"company"`
	Status           string `gorm:"not null;index" json:"status"`
	AccountManagerID *int64 `gorm:"index" json:"accountManagerId"`
	// AccountManagerName is the manager's name as a sync read it, so a manager the
	// employee list lacks can be added to the team; not stored on the row.
	AccountManagerName string     `gorm:"-" json:"-"`
	Country            string     `gorm:"size:2;index" json:"country"`
	Tags               Tags       `gorm:"type:text;not null;default:''" json:"tags"`
	CreatedAt          time.Time  `gorm:"index" json:"createdAt"`
	LastLoginAt        *time.Time `json:"lastLoginAt"`
	// NotificationPref is the partner's own choice: all, important or none.
	NotificationPref string `gorm:"not null;default:all" json:"notificationPref"`
	Unsubscribed     bool   `gorm:"not null;default:false" json:"unsubscribed"`
	// EncodedID is Everflow's short alphanumeric code used in tracking links.
	EncodedID string    `json:"encodedId"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Advertiser owns offers.
type Advertiser struct {
	ID               int64  `gorm:"primaryKey;autoIncrement:false" json:"id"`
	Name             string `gorm:"not null;index" json:"name"`
	ContactName      string `json:"contactName"`
	ContactEmail     string `gorm:"index" json:"contactEmail"`
	Status           string `gorm:"not null;index" json:"status"`
	AccountManagerID *int64 `gorm:"index" json:"accountManagerId"`
	// AccountManagerName: as on Partner.
	AccountManagerName string    `gorm:"-" json:"-"`
	Tags               Tags      `gorm:"type:text;not null;default:''" json:"tags"`
	CreatedAt          time.Time `json:"createdAt"`
	UpdatedAt          time.Time `json:"updatedAt"`
}

// Employee is a member of the network's own team (account managers and others).
type Employee struct {
	ID    int64  `gorm:"primaryKey;autoIncrement:false" json:"id"`
	Name  string `gorm:"not null" json:"name"`
	Email string `gorm:"not null" json:"email"`
	Role  string `json:"role"`
}

// Offer visibilities.
const (
	VisibilityPublic          = "public"
	VisibilityRequireApproval = "require_approval"
	VisibilityPrivate         = "private"
)

// Offer is what partners promote. Money is integer cents.
type Offer struct {
	ID          int64  `gorm:"primaryKey;autoIncrement:false" json:"id"`
	Name        string `gorm:"not null;index" json:"name"`
	Status      string `gorm:"not null;index" json:"status"`
	Visibility  string `gorm:"not null" json:"visibility"`
	PayoutCents int64  `gorm:"not null;default:0" json:"payoutCents"`
	// PayoutType is the platform's payout kind ("cpa", "cps", "cpa_cps", …; "" when
	// unknown); PayoutPercent is what CPS offers pay, as a percentage of the sale.
	PayoutType    string    `gorm:"not null;default:''" json:"payoutType"`
	PayoutPercent float64   `gorm:"not null;default:0" json:"payoutPercent"`
	RevenueCents  int64     `gorm:"not null;default:0" json:"revenueCents"`
	Currency      string    `gorm:"size:3;not null;default:USD" json:"currency"`
	PreviewURL    string    `json:"previewUrl"`
	Category      string    `gorm:"index" json:"category"`
	Description   string    `json:"description"`
	AdvertiserID  *int64    `gorm:"index" json:"advertiserId"`
	EncodedID     string    `json:"encodedId"`
	CreatedAt     time.Time `json:"createdAt"`
	UpdatedAt     time.Time `json:"updatedAt"`
}

// Approval statuses.
const (
	ApprovalApproved = "approved"
	ApprovalPending  = "pending"
	ApprovalRejected = "rejected"
)

// Approval records a partner's application to an offer.
type Approval struct {
	PartnerID int64     `gorm:"primaryKey;autoIncrement:false" json:"partnerId"`
	OfferID   int64     `gorm:"primaryKey;autoIncrement:false;index" json:"offerId"`
	Status    string    `gorm:"not null" json:"status"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// DailyStat is one partner x offer x day of performance. Date is "YYYY-MM-DD" in the
// network's reporting zone, so ranges compare as text and scan an index in order.
type DailyStat struct {
	Date         string `gorm:"primaryKey;size:10" json:"date"`
	PartnerID    int64  `gorm:"primaryKey;autoIncrement:false" json:"partnerId"`
	OfferID      int64  `gorm:"primaryKey;autoIncrement:false" json:"offerId"`
	Clicks       int64  `gorm:"not null;default:0" json:"clicks"`
	Conversions  int64  `gorm:"not null;default:0" json:"conversions"`
	RevenueCents int64  `gorm:"not null;default:0" json:"revenueCents"`
	PayoutCents  int64  `gorm:"not null;default:0" json:"payoutCents"`
}

// Setting is one key/value pair of application settings.
type Setting struct {
	Key   string `gorm:"primaryKey" json:"key"`
	Value string `gorm:"not null" json:"value"`
}
