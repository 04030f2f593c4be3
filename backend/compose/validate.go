package compose

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"commhub/backend/fault"
	"commhub/backend/macro"
	"commhub/backend/model"
	"commhub/backend/settings"
)

// Subject length limits, in characters: beyond the first most inboxes cut it off;
// beyond the second it is an error.
const (
	SubjectCutOff = 90
	SubjectMax    = 200
)

// Validate checks a draft (stored or not) and returns every problem with its place.
func Validate(ctx context.Context, db *gorm.DB, m model.Message, now time.Time) ([]macro.Problem, error) {
	c, err := CompileMessage(ctx, db, m, now)
	if err != nil {
		return nil, err
	}
	return c.Problems, nil
}

func validate(ctx context.Context, db *gorm.DB, m model.Message, s settings.Settings, offers map[int64]*offerInfo) []macro.Problem {
	var ps []macro.Problem
	add := func(field, format string, args ...any) {
		ps = append(ps, macro.Problem{Field: field, Severity: macro.SeverityError, Message: fmt.Sprintf(format, args...)})
	}
	o := macro.Options{Scope: scopeOf(m), Offers: presentOffers(m.Offers, offers)}
	ps = append(ps, subjectProblems(m.Subject, o)...)
	body, bodyProbs := macro.Compile(m.Body, withField(withCtx(o, macro.HTML), "body"))
	if strings.TrimSpace(stripTags(m.Body)) == "" && !strings.Contains(m.Body, "<img") {
		add("body", "the message body is empty: write something to your recipients")
	}
	ps = append(ps, bodyProbs...)
	ps = append(ps, macro.CheckLinks(m.Body, "body")...)
	if !body.Uses("unsub_link") {
		ps = append(ps, macro.Problem{Field: "body", Severity: macro.SeverityInfo,
			Message: "there is no {unsub_link} in the body: an Unsubscribe link is added to the footer"})
	}
	ps = append(ps, kindProblems(m, offers)...)
	ps = append(ps, addressProblems(ctx, db, m, s)...)
	ps = append(ps, settingsProblems(m, s, offers)...)
	ps = append(ps, recipientProblems(ctx, db, m)...)
	return ps
}

func withField(o macro.Options, f string) macro.Options {
	o.Field = f
	return o
}

func subjectProblems(subject string, o macro.Options) []macro.Problem {
	var ps []macro.Problem
	n := utf8.RuneCountInString(subject)
	switch {
	case strings.TrimSpace(subject) == "":
		ps = append(ps, macro.Problem{Field: "subject", Severity: macro.SeverityError, Message: "the subject is empty: write one"})
	case n > SubjectMax:
		ps = append(ps, macro.Problem{Field: "subject", Severity: macro.SeverityError, Position: macro.PositionOf(subject, len(subject)),
			Message: fmt.Sprintf("the subject is too long (%d characters): keep it under %d, ideally under %d", n, SubjectMax, SubjectCutOff)})
	case n > SubjectCutOff:
		ps = append(ps, macro.Problem{Field: "subject", Severity: macro.SeverityInfo,
			Message: fmt.Sprintf("the subject has %d characters: most inboxes cut it off after about %d", n, SubjectCutOff)})
	}
	if strings.ContainsAny(subject, "\r\n") {
		ps = append(ps, macro.Problem{Field: "subject", Severity: macro.SeverityError, Message: "the subject contains a line break: keep it on one line"})
	}
	_, probs := macro.Compile(subject, withField(withCtx(o, macro.Subject), "subject"))
	return append(ps, probs...)
}

func kindProblems(m model.Message, offers map[int64]*offerInfo) []macro.Problem {
	var ps []macro.Problem
	add := func(field, format string, args ...any) {
		ps = append(ps, macro.Problem{Field: field, Severity: macro.SeverityError, Message: fmt.Sprintf(format, args...)})
	}
	if m.Kind != model.MessageOfferDetails {
		return nil
	}
	if m.RecipientKind != model.RecipientPartners {
		add("recipients", "Offer Details messages go to partners only: choose partners as recipients")
	}
	if len(m.Offers) == 0 {
		add("offers", "an Offer Details message needs at least one offer: add one")
	}
	for _, id := range m.Offers {
		o := offers[id]
		switch {
		case o == nil:
			add("offers", "offer %d does not exist (deleted or never imported): remove it from the message", id)
		case o.Status != "" && o.Status != "active":
			add("offers", "offer %d (%s) is %s: remove it or reactivate it before sending", id, o.Name, o.Status)
		}
	}
	return ps
}

func addressProblems(ctx context.Context, db *gorm.DB, m model.Message, s settings.Settings) []macro.Problem {
	var ps []macro.Problem
	add := func(field, format string, args ...any) {
		ps = append(ps, macro.Problem{Field: field, Severity: macro.SeverityError, Message: fmt.Sprintf(format, args...)})
	}
	// The message's SMTP profile, or the default one: it sends, and its from address is
	// the last fallback.
	var prof model.SMTPProfile
	q := db.WithContext(ctx).Limit(1)
	if m.SMTPProfileID != nil {
		q = q.Where("id = ?", *m.SMTPProfileID)
	} else {
		q = q.Order("is_default DESC, id")
	}
	if err := q.Find(&prof).Error; err == nil && prof.ID == 0 && m.SMTPProfileID != nil {
		add("smtpProfileId", "SMTP profile %d does not exist: choose another or the default", *m.SMTPProfileID)
	}
	from := firstNonEmpty(m.FromEmail, s.DefaultFromEmail, prof.FromEmail)
	switch {
	case from == "":
		add("fromEmail", "no from address: enter one, or set a default in Settings")
	case !validEmail(from):
		add("fromEmail", "the from address %q is not an email address", from)
	}
	if m.ReplyTo != "" && !validEmail(m.ReplyTo) {
		add("replyTo", "the reply-to address %q is not an email address", m.ReplyTo)
	}
	return ps
}

func settingsProblems(m model.Message, s settings.Settings, offers map[int64]*offerInfo) []macro.Problem {
	var ps []macro.Problem
	if s.UnsubscribeBaseURL == "" {
		ps = append(ps, macro.Problem{Field: "settings", Severity: macro.SeverityError,
			Message: "the unsubscribe base URL is not set: set it in Settings so every email carries a working unsubscribe link"})
	}
	if m.Kind != model.MessageOfferDetails {
		return ps
	}
	lt := newLinkTemplate(s, m.Tracking)
	if lt.uses["tracking_domain"] && s.TrackingDomain == "" {
		ps = append(ps, macro.Problem{Field: "settings", Severity: macro.SeverityError,
			Message: "the tracking domain is not set: set it in Settings so tracking links can be built"})
	}
	for _, id := range m.Offers {
		if o := offers[id]; o != nil && lt.uses["encoded_offer_id"] && o.EncodedID == "" {
			ps = append(ps, macro.Problem{Field: "offers", Severity: macro.SeverityError,
				Message: fmt.Sprintf("offer %d (%s) has no encoded ID for tracking links: import or sync offers, or set a link template in Settings", id, o.Name)})
		}
	}
	if m.Tracking.URL != "" && !strings.HasPrefix(m.Tracking.URL, "https://") && !strings.HasPrefix(m.Tracking.URL, "http://") {
		ps = append(ps, macro.Problem{Field: "tracking", Severity: macro.SeverityError, Message: "the deep link must be a full http(s):// address"})
	}
	return ps
}

func recipientProblems(ctx context.Context, db *gorm.DB, m model.Message) []macro.Problem {
	r := m.Recipients
	var ps []macro.Problem
	if r.AudienceID == nil && len(r.IDs) == 0 && len(r.Emails) == 0 {
		ps = append(ps, macro.Problem{Field: "recipients", Severity: macro.SeverityError,
			Message: "no recipients: choose a saved audience, pick recipients or paste IDs or email addresses"})
	}
	if r.AudienceID != nil {
		var a model.Audience
		err := db.WithContext(ctx).Take(&a, *r.AudienceID).Error
		switch {
		case err != nil:
			ps = append(ps, macro.Problem{Field: "recipients", Severity: macro.SeverityError,
				Message: fmt.Sprintf("audience %d does not exist: choose another", *r.AudienceID)})
		case a.Kind != m.RecipientKind:
			ps = append(ps, macro.Problem{Field: "recipients", Severity: macro.SeverityError,
				Message: fmt.Sprintf("audience %q selects %s but the message goes to %s: choose a matching audience", a.Name, a.Kind, m.RecipientKind)})
		}
	}
	for _, e := range append(append([]string{}, r.Emails...), r.ExcludeEmails...) {
		if !validEmail(e) {
			ps = append(ps, macro.Problem{Field: "recipients", Severity: macro.SeverityError,
				Message: fmt.Sprintf("%q is not an email address: fix or remove it", e)})
		}
	}
	return ps
}

func presentOffers(ids []int64, offers map[int64]*offerInfo) []int64 {
	var out []int64
	for _, id := range ids {
		if offers[id] != nil {
			out = append(out, id)
		}
	}
	return out
}

// checkLines refuses what no draft may hold: a line break or other control character in a
// field that becomes a mail header (it could add headers of its own), or an address or
// name longer than any mail system takes. Other mistakes are problems a draft may keep.
func checkLines(m model.Message) error {
	for _, f := range []struct {
		name, label, val string
		max              int
	}{
		{"name", "the internal name", m.Name, 200},
		{"subject", "the subject", m.Subject, 998},
		{"fromName", "the from name", m.FromName, 200},
		{"fromEmail", "the from address", m.FromEmail, 254},
		{"replyTo", "the reply-to address", m.ReplyTo, 254},
	} {
		if strings.ContainsFunc(f.val, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return fault.Invalidf("%s: %s contains a line break or control character: write it on one line", f.name, f.label)
		}
		if len(f.val) > f.max {
			return fault.Invalidf("%s: %s is %d bytes long: at most %d are allowed", f.name, f.label, len(f.val), f.max)
		}
	}
	return nil
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// stripTags removes markup, enough to tell an empty editor body ("<p></p>") from text.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.ReplaceAll(b.String(), "&nbsp;", "")
}
