package model

import "time"

// Template is a ready message to start from: a built-in from the library shipped in the
// binary (Key set, read-only) or one of the user's own. Its parts map onto a message:
// the theme draws the header band, Header, Body, Footer and Unsubscribe are joined into
// the message body. Audience holds the suggested audience as the documented portable
// JSON (name, description, rules), empty when there is none (messages to the team).
type Template struct {
	ID            int64   `gorm:"primaryKey" json:"id"`
	Key           *string `gorm:"uniqueIndex" json:"key"`
	BuiltIn       bool    `gorm:"not null;default:false" json:"builtIn"`
	Name          string  `gorm:"not null" json:"name"`
	Category      string  `gorm:"not null;default:''" json:"category"`
	Description   string  `gorm:"not null;default:''" json:"description"`
	Kind          string  `gorm:"not null;default:general" json:"kind"`
	RecipientKind string  `gorm:"not null;default:partners" json:"recipientKind"`
	Subject       string  `gorm:"not null;default:''" json:"subject"`
	Theme         string  `gorm:"not null;default:branded" json:"theme"`
	Header        string  `gorm:"type:text;not null;default:''" json:"header"`
	Body          string  `gorm:"type:text;not null;default:''" json:"body"`
	Footer        string  `gorm:"type:text;not null;default:''" json:"footer"`
	Unsubscribe   string  `gorm:"type:text;not null;default:''" json:"unsubscribe"`
	Audience      string  `gorm:"type:text;not null;default:''" json:"-"`
	// Position orders the built-ins as the library lists them.
	Position  int       `gorm:"not null;default:0" json:"-"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// TemplateUse records one use of a template (a draft made from it); the list ranks
// templates by their uses in a recent window.
type TemplateUse struct {
	ID         int64     `gorm:"primaryKey"`
	TemplateID int64     `gorm:"not null;index:idx_template_uses_template,priority:1"`
	MessageID  int64     `gorm:"not null;default:0"`
	UsedAt     time.Time `gorm:"not null;index:idx_template_uses_template,priority:2"`
}
