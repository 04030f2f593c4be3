package model

import "time"

// TLS modes of an SMTP profile.
const (
	TLSNone     = "none"
	TLSStartTLS = "starttls"
	TLSImplicit = "implicit"
)

// TLSModes lists every valid TLS mode.
var TLSModes = []string{TLSNone, TLSStartTLS, TLSImplicit}

// SMTPProfile is one outgoing mail account. Its password lives in the OS keyring
// (see backend/secret), never in this table; HasPassword only says one is stored.
type SMTPProfile struct {
	ID          int64  `gorm:"primaryKey" json:"id"`
	Name        string `gorm:"not null;uniqueIndex" json:"name"`
	Host        string `gorm:"not null" json:"host"`
	Port        int    `gorm:"not null" json:"port"`
	TLS         string `gorm:"not null;default:starttls" json:"tls"`
	Username    string `gorm:"not null;default:''" json:"username"`
	HasPassword bool   `gorm:"not null;default:false" json:"hasPassword"`
	FromName    string `gorm:"not null;default:''" json:"fromName"`
	FromEmail   string `gorm:"not null;default:''" json:"fromEmail"`
	// Concurrency is the number of parallel connections a run opens.
	Concurrency int `gorm:"not null;default:2" json:"concurrency"`
	// PerSecond and PerHour cap the sending rate; 0 means no cap.
	PerSecond int `gorm:"not null;default:0" json:"perSecond"`
	PerHour   int `gorm:"not null;default:0" json:"perHour"`
	// IsDefault marks the profile used by messages that choose none.
	IsDefault bool      `gorm:"not null;default:false" json:"isDefault"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}
