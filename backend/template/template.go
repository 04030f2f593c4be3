// Package template keeps the template library: the built-in best-practice messages that
// ship inside the binary and the user's own, their validation, their use as a new draft,
// and their export and import as a documented JSON file.
package template

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"commhub/backend/audience"
	"commhub/backend/macro"
	"commhub/backend/model"
)

// Template is a template as the gallery and the editor read and write it.
type Template struct {
	ID      int64  `json:"id"`
	Key     string `json:"key"`
	BuiltIn bool   `json:"builtIn"`
	Content
	Uses       int64      `json:"uses"`
	LastUsedAt *time.Time `json:"lastUsedAt"`
	CreatedAt  time.Time  `json:"createdAt"`
	UpdatedAt  time.Time  `json:"updatedAt"`
}

// Content is everything that makes a template, without its local history: the form the
// export file and the built-in library files use (docs/templates.md).
type Content struct {
	Name          string `json:"name"`
	Category      string `json:"category"`
	Description   string `json:"description"`
	Kind          string `json:"kind"`
	RecipientKind string `json:"recipientKind"`
	Subject       string `json:"subject"`
	Theme         string `json:"theme"`
	Header        string `json:"header"`
	Body          string `json:"body"`
	Footer        string `json:"footer"`
	Unsubscribe   string `json:"unsubscribe"`
	// Audience is the suggested audience, nil when there is none (messages to the team,
	// whose recipients are picked by hand).
	Audience *audience.Portable `json:"audience"`
}

// Limits on the free-text fields, in characters.
const (
	MaxName        = 120
	MaxCategory    = 40
	MaxDescription = 400
	// DefaultCategory files a template saved without one.
	DefaultCategory = "My templates"
)

// FieldError is one problem with one field of one template.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e FieldError) String() string { return e.Field + ": " + e.Message }

// Normalize trims the text fields and fills the defaults a template may leave out.
func Normalize(c Content) Content {
	c.Name, c.Category, c.Description = strings.TrimSpace(c.Name), strings.TrimSpace(c.Category), strings.TrimSpace(c.Description)
	c.Subject = strings.TrimSpace(c.Subject)
	if c.Category == "" {
		c.Category = DefaultCategory
	}
	if c.Kind == "" {
		c.Kind = model.MessageGeneral
	}
	if c.RecipientKind == "" {
		c.RecipientKind = model.RecipientPartners
	}
	if c.Theme == "" {
		c.Theme = model.ThemeBranded
	}
	if c.Audience != nil {
		a := *c.Audience
		a.Name, a.Description = strings.TrimSpace(a.Name), strings.TrimSpace(a.Description)
		if a.Rules.Kind == "" {
			a.Rules.Kind = c.RecipientKind
		}
		c.Audience = &a
	}
	return c
}

// Check returns every problem of a normalized template that does not need the database:
// names and kinds, the subject, the macros and links of every part. Audience rules that
// name offers are checked against the network by the caller.
func Check(c Content) []FieldError {
	var errs []FieldError
	add := func(field, format string, args ...any) {
		errs = append(errs, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	switch n := utf8.RuneCountInString(c.Name); {
	case n == 0:
		add("name", "the template needs a name")
	case n > MaxName:
		add("name", "the name is %d characters long: keep it under %d", n, MaxName+1)
	}
	if n := utf8.RuneCountInString(c.Category); n > MaxCategory {
		add("category", "the category is %d characters long: keep it under %d", n, MaxCategory+1)
	}
	if n := utf8.RuneCountInString(c.Description); n > MaxDescription {
		add("description", "the description is %d characters long: keep it under %d", n, MaxDescription+1)
	}
	kindsOK := true
	if c.Kind != model.MessageGeneral && c.Kind != model.MessageOfferDetails {
		add("kind", "%q is not a message kind (general, offer_details)", c.Kind)
		kindsOK = false
	}
	if !slices.Contains([]string{model.RecipientPartners, model.RecipientAdvertisers, model.RecipientEmployees}, c.RecipientKind) {
		add("recipientKind", "%q is not a recipient kind (partners, advertisers, employees)", c.RecipientKind)
		kindsOK = false
	} else if c.Kind == model.MessageOfferDetails && c.RecipientKind != model.RecipientPartners {
		add("recipientKind", "an Offer Details template goes to partners, not to %s", c.RecipientKind)
		kindsOK = false
	}
	if !slices.Contains([]string{model.ThemeBlank, model.ThemeLogo, model.ThemeBranded}, c.Theme) {
		add("theme", "%q is not a theme (blank, logo, branded)", c.Theme)
	}
	if kindsOK {
		errs = append(errs, checkParts(c)...)
	}
	errs = append(errs, checkAudience(c)...)
	return errs
}

// offerRef finds offer-scoped macros that name an offer ({offer_name:123}).
var offerRef = regexp.MustCompile(`\{[a-z][a-z0-9_]*:(\d+)`)

func checkParts(c Content) []FieldError {
	var errs []FieldError
	switch n := utf8.RuneCountInString(c.Subject); {
	case n == 0:
		errs = append(errs, FieldError{"subject", "the subject is empty: write one"})
	case n > 200:
		errs = append(errs, FieldError{"subject", fmt.Sprintf("the subject is %d characters long: keep it under 200, ideally under 90", n)})
	}
	if strings.ContainsAny(c.Subject, "\r\n") {
		errs = append(errs, FieldError{"subject", "the subject contains a line break: keep it on one line"})
	}
	if strings.TrimSpace(stripTags(c.Body)) == "" && !strings.Contains(c.Body, "<img") {
		errs = append(errs, FieldError{"body", "the main body is empty: write something to your recipients"})
	}
	o := macro.Options{Scope: scopeOf(c), Offers: referencedOffers(c)}
	parts := []struct {
		field, src string
		ctx        macro.Context
	}{{"subject", c.Subject, macro.Subject}, {"header", c.Header, macro.HTML}, {"body", c.Body, macro.HTML},
		{"footer", c.Footer, macro.HTML}, {"unsubscribe", c.Unsubscribe, macro.HTML}}
	for _, p := range parts {
		po := o
		po.Field, po.Context = p.field, p.ctx
		_, probs := macro.Compile(p.src, po)
		if p.ctx == macro.HTML {
			probs = append(probs, macro.CheckLinks(p.src, p.field)...)
		}
		for _, pr := range probs {
			if pr.Severity != macro.SeverityError {
				continue
			}
			msg := pr.Message
			if pr.Line > 0 {
				msg = fmt.Sprintf("line %d column %d: %s", pr.Line, pr.Column, msg)
			}
			errs = append(errs, FieldError{p.field, msg})
		}
	}
	return errs
}

// referencedOffers lists the offers a template's macros name. A template carries no
// offers (the user picks them when using it), so these are taken as given; a bare
// {offer_name} stands for the one offer the user will pick.
func referencedOffers(c Content) []int64 {
	if c.Kind != model.MessageOfferDetails {
		return nil
	}
	ids := []int64{}
	for _, src := range []string{c.Subject, c.Header, c.Body, c.Footer, c.Unsubscribe} {
		for _, m := range offerRef.FindAllStringSubmatch(src, -1) {
			if id, err := strconv.ParseInt(m[1], 10, 64); err == nil && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return []int64{0}
	}
	return ids
}

func checkAudience(c Content) []FieldError {
	a := c.Audience
	if a == nil {
		return nil
	}
	var errs []FieldError
	switch {
	case c.RecipientKind == model.RecipientEmployees:
		errs = append(errs, FieldError{"audience", "a template to the team has no suggested audience (team members are picked by hand): remove it"})
	case a.Rules.Kind != c.RecipientKind:
		errs = append(errs, FieldError{"audience", fmt.Sprintf("the suggested audience selects %s but the template goes to %s", a.Rules.Kind, c.RecipientKind)})
	}
	if a.Name == "" {
		errs = append(errs, FieldError{"audience.name", "the suggested audience needs a name (it is saved under it when the template is used)"})
	} else if n := utf8.RuneCountInString(a.Name); n > MaxName {
		errs = append(errs, FieldError{"audience.name", fmt.Sprintf("the audience name is %d characters long: keep it under %d", n, MaxName+1)})
	}
	return errs
}

func scopeOf(c Content) macro.Scope {
	switch {
	case c.Kind == model.MessageOfferDetails:
		return macro.ScopeOfferDetails
	case c.RecipientKind == model.RecipientAdvertisers:
		return macro.ScopeAdvertiser
	}
	return macro.ScopeGeneral
}

var tag = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string { return tag.ReplaceAllString(s, " ") }

// MessageBody joins the parts the way the composer holds them: one HTML body.
func (c Content) MessageBody() string {
	var parts []string
	for _, p := range []string{c.Header, c.Body, c.Footer, c.Unsubscribe} {
		if strings.TrimSpace(p) != "" {
			parts = append(parts, strings.TrimSpace(p))
		}
	}
	return strings.Join(parts, "\n")
}

// audienceJSON is the stored form of the suggested audience.
func audienceJSON(a *audience.Portable) (string, error) {
	if a == nil {
		return "", nil
	}
	b, err := json.Marshal(a)
	return string(b), err
}

func audienceOf(text string) (*audience.Portable, error) {
	if text == "" {
		return nil, nil
	}
	var a audience.Portable
	if err := json.Unmarshal([]byte(text), &a); err != nil {
		return nil, err
	}
	return &a, nil
}
