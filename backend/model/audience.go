package model

import "time"

// Audience kinds: who an audience's rules select.
const (
	AudiencePartners    = "partners"
	AudienceAdvertisers = "advertisers"
)

// Audience is a saved set of rules. Rules holds the documented JSON (docs/audiences.md);
// the audience package owns its meaning. Uses and LastUsedAt rank audiences in the list.
type Audience struct {
	ID          int64      `gorm:"primaryKey" json:"id"`
	Name        string     `gorm:"not null;index" json:"name"`
	Description string     `gorm:"not null;default:''" json:"description"`
	Kind        string     `gorm:"not null;default:partners" json:"kind"`
	Rules       string     `gorm:"type:text;not null" json:"rules"`
	Uses        int64      `gorm:"not null;default:0" json:"uses"`
	LastUsedAt  *time.Time `json:"lastUsedAt"`
	// LastCount is how many recipients the audience resolved to when last used.
	LastCount int64     `gorm:"not null;default:0" json:"lastCount"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}
