package settings

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"

	"commhub/backend/fault"
	"commhub/backend/macro"
)

// LinkPlaceholders are the names a tracking link template may use.
var LinkPlaceholders = []string{
	"tracking_domain", "partner_id", "offer_id", "encoded_partner_id", "encoded_offer_id",
	"sub1", "sub2", "sub3", "sub4", "sub5", "source_id", "creative_id", "url",
}

var (
	hostRe  = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$`)
	colorRe = regexp.MustCompile(`^#([0-9a-f]{3}|[0-9a-f]{6})$`)
)

// Validate reports every invalid field at once, each with how to fix it.
func (s Settings) Validate() error {
	var errs []string
	add := func(msg string) { errs = append(errs, msg) }
	if s.NetworkName == "" || len(s.NetworkName) > 100 {
		add("network name must be 1 to 100 characters")
	}
	if s.TrackingDomain != "" && !hostRe.MatchString(s.TrackingDomain) {
		add("tracking domain \"" + s.TrackingDomain + "\" must be a host name such as trk.example.com (no https://, no path)")
	}
	if s.TrackingTemplate != "" {
		if msg := checkTemplate(s.TrackingTemplate); msg != "" {
			add(msg)
		}
	}
	if s.TimeZone != "" {
		if _, err := time.LoadLocation(s.TimeZone); err != nil {
			add("time zone \"" + s.TimeZone + "\" is unknown: use an IANA name such as Europe/London or America/New_York")
		}
	}
	for _, c := range []struct{ name, val string }{{"brand colour", s.BrandColor}, {"accent colour", s.AccentColor}, {"background colour", s.BackgroundColor}} {
		if c.val != "" && !colorRe.MatchString(c.val) {
			add(c.name + " \"" + c.val + "\" must be a hex colour such as #1c7ed6")
		}
	}
	for _, u := range []struct{ name, val string }{{"logo URL", s.LogoURL}, {"unsubscribe base URL", s.UnsubscribeBaseURL}} {
		if u.val != "" && !isHTTPURL(u.val) {
			add(u.name + " \"" + u.val + "\" must be a full http(s):// address")
		}
	}
	for _, e := range []struct{ name, val string }{{"default from address", s.DefaultFromEmail}, {"default reply-to", s.DefaultReplyTo}} {
		if e.val != "" && !isEmail(e.val) {
			add(e.name + " \"" + e.val + "\" is not an email address")
		}
	}
	if s.MissedRunGraceMinutes < 0 || s.MissedRunGraceMinutes > MaxMissedRunGraceMinutes {
		add(fmt.Sprintf("missed-run grace period %d minutes must be between 0 (never send late) and %d (one week)",
			s.MissedRunGraceMinutes, MaxMissedRunGraceMinutes))
	}
	if len(errs) > 0 {
		return fault.Invalidf("settings: %s", strings.Join(errs, "; "))
	}
	return nil
}

func checkTemplate(t string) string {
	if !strings.HasPrefix(t, "https://") && !strings.HasPrefix(t, "http://") {
		return "tracking link template must start with https:// or http://"
	}
	names := map[string]bool{}
	for _, seg := range macro.Parse(t) {
		if seg.Ref == nil {
			continue
		}
		if !isPlaceholder(seg.Ref.Name) || seg.Ref.OfferID != 0 {
			return "tracking link template uses {" + seg.Ref.Name + "}: the template may use " + placeholderList()
		}
		names[seg.Ref.Name] = true
	}
	if !names["partner_id"] && !names["encoded_partner_id"] {
		return "tracking link template must contain {partner_id} or {encoded_partner_id}, or every partner gets the same link"
	}
	if !names["offer_id"] && !names["encoded_offer_id"] {
		return "tracking link template must contain {offer_id} or {encoded_offer_id}"
	}
	return ""
}

func isPlaceholder(name string) bool {
	for _, p := range LinkPlaceholders {
		if p == name {
			return true
		}
	}
	return false
}

func placeholderList() string {
	out := make([]string, len(LinkPlaceholders))
	for i, p := range LinkPlaceholders {
		out[i] = "{" + p + "}"
	}
	return strings.Join(out, ", ")
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func isEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}
