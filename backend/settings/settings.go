// Package settings holds the typed application settings, stored as key/value rows of
// model.Setting so that new settings need no migration.
package settings

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones must resolve on machines without a zoneinfo database

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"commhub/backend/model"
)

// Settings are the user's general settings.
type Settings struct {
	// NetworkName is shown in emails ({network_name}) and the app.
	NetworkName string `json:"networkName"`
	// TrackingDomain is the host of tracking links, e.g. trk.example.com.
	TrackingDomain string `json:"trackingDomain"`
	// TrackingTemplate is the network's own link format; empty means Everflow's
	// https://{tracking_domain}/{encoded_partner_id}/{encoded_offer_id}/.
	TrackingTemplate string `json:"trackingTemplate"`
	// TimeZone is an IANA zone name; empty means the computer's zone.
	TimeZone string `json:"timeZone"`
	// Theme: logo and colours for the Logo and Branded themes.
	LogoURL         string `json:"logoUrl"`
	BrandColor      string `json:"brandColor"`
	AccentColor     string `json:"accentColor"`
	BackgroundColor string `json:"backgroundColor"`
	// Defaults for new messages.
	DefaultFromName  string `json:"defaultFromName"`
	DefaultFromEmail string `json:"defaultFromEmail"`
	DefaultReplyTo   string `json:"defaultReplyTo"`
	// UnsubscribeBaseURL is where {unsub_link} points; the recipient's token is appended.
	UnsubscribeBaseURL string `json:"unsubscribeBaseUrl"`
	// FooterText is printed in every email footer (postal address, legal line).
	FooterText string `json:"footerText"`
	// MissedRunGraceMinutes: a scheduled send that fell due while CommHub was closed is
	// sent at the next start if it is at most this late; later ones are marked missed and
	// wait for the user's word. 0 never sends late.
	MissedRunGraceMinutes int `json:"missedRunGraceMinutes"`
}

// DefaultMissedRunGraceMinutes is six hours: a morning send missed by a laptop that
// opened at lunch still goes out, yesterday's does not.
const DefaultMissedRunGraceMinutes = 360

// MaxMissedRunGraceMinutes is one week.
const MaxMissedRunGraceMinutes = 7 * 24 * 60

const graceKey = "missed_run_grace_minutes"

// Defaults are the values of settings never saved.
func Defaults() Settings {
	return Settings{
		NetworkName: "My Network", BrandColor: "#1c7ed6", AccentColor: "#e8590c", BackgroundColor: "#f1f3f5",
		MissedRunGraceMinutes: DefaultMissedRunGraceMinutes,
	}
}

// Demo are the settings that go with the demo network, so that tracking links, the
// Branded theme and unsubscribe links render before the user has configured anything.
// The domains are reserved for examples and never resolve to a real network.
func Demo() Settings {
	s := Defaults()
	s.NetworkName = "Northwind Affiliates"
	s.TrackingDomain = "trk.northwind.example"
	s.UnsubscribeBaseURL = "https://trk.northwind.example/unsubscribe"
	s.DefaultFromName = "Northwind Partner Team"
	s.DefaultFromEmail = "partners@northwind.example"
	s.DefaultReplyTo = "affiliates@northwind.example"
	s.FooterText = "Northwind Affiliates · 1 Example Street · Springfield"
	return s
}

// ForgetDemo puts every setting that still holds its demo value back to its default, so
// that clearing the demo network never leaves real mail pointing at example domains.
// Settings the user changed are kept.
func ForgetDemo(db *gorm.DB) error {
	current, err := Load(db)
	if err != nil {
		return err
	}
	demo, defaults := Demo(), Defaults()
	cur, dem, def := current.fields(), demo.fields(), defaults.fields()
	for i := range cur {
		if *cur[i].val == *dem[i].val {
			*cur[i].val = *def[i].val
		}
	}
	_, err = Save(db, current)
	return err
}

// fields maps storage keys to the struct's fields; the order is the order errors are reported in.
func (s *Settings) fields() []struct {
	key string
	val *string
} {
	return []struct {
		key string
		val *string
	}{
		{"network_name", &s.NetworkName}, {"tracking_domain", &s.TrackingDomain},
		{"tracking_template", &s.TrackingTemplate}, {"time_zone", &s.TimeZone},
		{"theme_logo_url", &s.LogoURL}, {"theme_brand_color", &s.BrandColor},
		{"theme_accent_color", &s.AccentColor}, {"theme_background_color", &s.BackgroundColor},
		{"default_from_name", &s.DefaultFromName}, {"default_from_email", &s.DefaultFromEmail},
		{"default_reply_to", &s.DefaultReplyTo}, {"unsubscribe_base_url", &s.UnsubscribeBaseURL},
		{"footer_text", &s.FooterText},
	}
}

// Load reads the settings, with defaults for those never saved.
func Load(db *gorm.DB) (Settings, error) {
	s := Defaults()
	var rows []model.Setting
	if err := db.Find(&rows).Error; err != nil {
		return s, fmt.Errorf("read settings: %w", err)
	}
	stored := make(map[string]string, len(rows))
	for _, r := range rows {
		stored[r.Key] = r.Value
	}
	for _, f := range s.fields() {
		if v, ok := stored[f.key]; ok {
			*f.val = v
		}
	}
	if v, ok := stored[graceKey]; ok {
		if n, err := strconv.Atoi(v); err == nil {
			s.MissedRunGraceMinutes = n
		}
	}
	return s, nil
}

// Save validates s and stores every field in one transaction. It returns the stored settings.
func Save(db *gorm.DB, s Settings) (Settings, error) {
	s = s.normalized()
	if err := s.Validate(); err != nil {
		return s, err
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		for _, f := range s.fields() {
			row := model.Setting{Key: f.key, Value: *f.val}
			if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error; err != nil {
				return err
			}
		}
		row := model.Setting{Key: graceKey, Value: strconv.Itoa(s.MissedRunGraceMinutes)}
		return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error
	})
	if err != nil {
		return s, fmt.Errorf("save settings: %w", err)
	}
	return s, nil
}

func (s Settings) normalized() Settings {
	for _, f := range s.fields() {
		*f.val = strings.TrimSpace(*f.val)
	}
	s.TrackingDomain = strings.ToLower(s.TrackingDomain)
	s.BrandColor, s.AccentColor, s.BackgroundColor = strings.ToLower(s.BrandColor), strings.ToLower(s.AccentColor), strings.ToLower(s.BackgroundColor)
	return s
}

// Location is the settings' time zone, the computer's when none is set.
func (s Settings) Location() *time.Location {
	if s.TimeZone == "" {
		return time.Local
	}
	if loc, err := time.LoadLocation(s.TimeZone); err == nil {
		return loc
	}
	return time.Local
}

const secretKey = "unsubscribe_secret"

// UnsubscribeSecret returns the key that signs unsubscribe links, creating it on first use.
func UnsubscribeSecret(db *gorm.DB) ([]byte, error) {
	var row model.Setting
	err := db.Where("key = ?", secretKey).Take(&row).Error
	if err == nil {
		return hex.DecodeString(row.Value)
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("read the unsubscribe key: %w", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	row = model.Setting{Key: secretKey, Value: hex.EncodeToString(key)}
	// DoNothing keeps a key another process created meanwhile; re-read to agree on it.
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return nil, fmt.Errorf("store the unsubscribe key: %w", err)
	}
	return UnsubscribeSecret(db)
}
