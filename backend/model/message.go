package model

import "time"

// Message kinds.
const (
	MessageGeneral      = "general"
	MessageOfferDetails = "offer_details"
)

// Recipient kinds a message can go to. Offer Details messages go to partners only.
const (
	RecipientPartners    = "partners"
	RecipientAdvertisers = "advertisers"
	RecipientEmployees   = "employees"
)

// Message statuses. A draft may hold problems; ready and later states passed validation.
const (
	MessageDraft     = "draft"
	MessageReady     = "ready"
	MessageScheduled = "scheduled"
	MessageSending   = "sending"
	MessageSent      = "sent"
)

// Themes wrap a message body in a layout.
const (
	ThemeBlank   = "blank"
	ThemeLogo    = "logo"
	ThemeBranded = "branded"
)

// Message is a composed email, from first draft to sent. Body is the editor's HTML;
// theme layout, CSS inlining and macros are applied by the compose package.
type Message struct {
	ID            int64  `gorm:"primaryKey" json:"id"`
	Name          string `gorm:"not null;default:''" json:"name"`
	Kind          string `gorm:"not null;default:general" json:"kind"`
	RecipientKind string `gorm:"not null;default:partners" json:"recipientKind"`
	Subject       string `gorm:"not null;default:''" json:"subject"`
	FromName      string `gorm:"not null;default:''" json:"fromName"`
	FromEmail     string `gorm:"not null;default:''" json:"fromEmail"`
	ReplyTo       string `gorm:"not null;default:''" json:"replyTo"`
	SMTPProfileID *int64 `json:"smtpProfileId"`
	Theme         string `gorm:"not null;default:branded" json:"theme"`
	Body          string `gorm:"type:text;not null;default:''" json:"body"`
	// Offers are the offers of an Offer Details message, in the order their cards show.
	Offers     []int64        `gorm:"serializer:json;type:text" json:"offers"`
	Recipients RecipientSpec  `gorm:"serializer:json;type:text" json:"recipients"`
	Tracking   TrackingParams `gorm:"serializer:json;type:text" json:"tracking"`
	Status     string         `gorm:"not null;default:draft;index" json:"status"`
	// Revision counts saves. A send compiles one revision and starts only if it is still
	// the stored one, so what recipients get is what the message says.
	Revision  int64     `gorm:"not null;default:0" json:"-"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `gorm:"index" json:"updatedAt"`
}

// RecipientSpec says who a message goes to: a saved audience, or explicit IDs and/or
// email addresses (picked or pasted), minus the exclusions.
type RecipientSpec struct {
	AudienceID    *int64   `json:"audienceId"`
	IDs           []int64  `json:"ids"`
	Emails        []string `json:"emails"`
	ExcludeIDs    []int64  `json:"excludeIds"`
	ExcludeEmails []string `json:"excludeEmails"`
}

// TrackingParams are the optional parameters added to every tracking link of a message.
type TrackingParams struct {
	Sub1       string `json:"sub1"`
	Sub2       string `json:"sub2"`
	Sub3       string `json:"sub3"`
	Sub4       string `json:"sub4"`
	Sub5       string `json:"sub5"`
	SourceID   string `json:"sourceId"`
	CreativeID string `json:"creativeId"`
	// URL is a deep link: the landing page the click should end on.
	URL string `json:"url"`
}
