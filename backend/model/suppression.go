package model

import "time"

// Suppression reasons.
const (
	SuppressUnsubscribed = "unsubscribed"
	SuppressBounced      = "bounced"
	SuppressComplained   = "complained"
	SuppressManual       = "manual"
)

// SuppressionReasons lists every valid reason, in display order.
var SuppressionReasons = []string{SuppressUnsubscribed, SuppressBounced, SuppressComplained, SuppressManual}

// Suppression is an address no send may reach, whatever the audience says.
// Email is stored lower-case so that a lookup is one primary-key probe.
type Suppression struct {
	Email  string    `gorm:"primaryKey" json:"email"`
	Reason string    `gorm:"not null;index" json:"reason"`
	At     time.Time `gorm:"not null;index" json:"at"`
	Note   string    `gorm:"not null;default:''" json:"note"`
}
