package compose

import (
	"fmt"
	"html"
	"strings"

	"github.com/vanng822/go-premailer/premailer"

	"commhub/backend/model"
	"commhub/backend/settings"
)

// Themes lists the themes a message can use.
var Themes = []string{model.ThemeBlank, model.ThemeLogo, model.ThemeBranded}

// layout wraps a message body in its theme, adds the offer cards and the footer, and
// returns one HTML document whose CSS is still in a <style> block. Values that come
// from settings go in as macros ({network_name}) or escaped text, never raw.
func layout(m *model.Message, s settings.Settings, offers []*offerInfo, needUnsub bool) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">")
	b.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1">`)
	b.WriteString("<style>" + themeCSS(m.Theme, s) + "</style></head><body>")
	b.WriteString(`<table role="presentation" class="page" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">`)
	b.WriteString(`<table role="presentation" class="container" width="600" cellpadding="0" cellspacing="0">`)
	b.WriteString(header(m.Theme, s))
	b.WriteString(`<tr><td class="content">`)
	b.WriteString(m.Body)
	for _, o := range offers {
		b.WriteString(offerCard(o))
	}
	b.WriteString("</td></tr>")
	b.WriteString(footer(s, needUnsub))
	b.WriteString("</table></td></tr></table></body></html>")
	return b.String()
}

func header(theme string, s settings.Settings) string {
	logo := ""
	if s.LogoURL != "" {
		logo = fmt.Sprintf(`<img class="logo" src="%s" alt="{network_name}" height="48">`, attrURL(s.LogoURL))
	}
	switch theme {
	case model.ThemeLogo:
		if logo == "" {
			logo = `<span class="brand-name">{network_name}</span>`
		}
		return `<tr><td class="header">` + logo + `</td></tr>`
	case model.ThemeBranded:
		if logo == "" {
			logo = `<span class="brand-name">{network_name}</span>`
		}
		return `<tr><td class="header branded">` + logo + `</td></tr>`
	}
	return ""
}

func offerCard(o *offerInfo) string {
	id := o.IDText
	var b strings.Builder
	b.WriteString(`<table role="presentation" class="offer-card" width="100%" cellpadding="0" cellspacing="0"><tr><td class="offer-cell">`)
	b.WriteString(`<h3 class="offer-name">{offer_name:` + id + `}</h3>`)
	b.WriteString(`<p class="offer-payout">Payout: <strong>{offer_payout:` + id + `}</strong></p>`)
	if o.Description != "" {
		b.WriteString(`<p class="offer-desc">{offer_description:` + id + `}</p>`)
	}
	b.WriteString(`<p class="offer-actions"><a class="button" href="{offer_tracking_link:` + id + `}">Get started</a>`)
	if o.PreviewURL != "" {
		b.WriteString(` <a class="preview" href="{offer_preview_url:` + id + `}">Preview the offer</a>`)
	}
	b.WriteString(`</p><p class="offer-link">Your tracking link: <a href="{offer_tracking_link:` + id + `}">{offer_tracking_link:` + id + `}</a></p>`)
	b.WriteString("</td></tr></table>")
	return b.String()
}

func footer(s settings.Settings, needUnsub bool) string {
	var b strings.Builder
	b.WriteString(`<tr><td class="footer">`)
	if s.FooterText != "" {
		b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(s.FooterText), "\n", "<br>") + "</p>")
	}
	b.WriteString("<p>You receive this email because you work with {network_name}.")
	if needUnsub {
		b.WriteString(` <a href="{unsub_link}">Unsubscribe</a>`)
	}
	b.WriteString("</p></td></tr>")
	return b.String()
}

// attrURL makes a settings URL safe for an attribute and keeps its braces from being
// read as macros.
func attrURL(u string) string {
	u = html.EscapeString(u)
	return strings.NewReplacer("{", "%7B", "}", "%7D").Replace(u)
}

func themeCSS(theme string, s settings.Settings) string {
	brand, accent, bg := orDefault(s.BrandColor, "#1c7ed6"), orDefault(s.AccentColor, "#e8590c"), orDefault(s.BackgroundColor, "#f1f3f5")
	if theme == model.ThemeBlank || theme == model.ThemeLogo {
		bg = "#ffffff"
	}
	css := `body { margin: 0; padding: 0; background-color: ` + bg + `; }
.page { background-color: ` + bg + `; }
.container { max-width: 600px; width: 100%; background-color: #ffffff; font-family: Arial, Helvetica, sans-serif; color: #212529; font-size: 15px; line-height: 1.5; }
.content { padding: 24px; }
.header { padding: 20px 24px; text-align: left; }
.branded { background-color: ` + brand + `; }
.brand-name { font-size: 20px; font-weight: bold; color: ` + brand + `; }
.branded .brand-name { color: #ffffff; }
a { color: ` + accent + `; }
h1 { font-size: 24px; margin: 0 0 12px; }
h2 { font-size: 20px; margin: 16px 0 8px; }
h3 { font-size: 17px; margin: 12px 0 6px; }
img { max-width: 100%; height: auto; }
.button, a.button { display: inline-block; background-color: ` + accent + `; color: #ffffff; padding: 10px 18px; border-radius: 4px; text-decoration: none; font-weight: bold; }
.offer-card { border: 1px solid #dee2e6; border-radius: 6px; margin: 16px 0; }
.offer-cell { padding: 16px; }
.offer-name { margin: 0 0 4px; }
.offer-link { font-size: 12px; color: #495057; word-break: break-all; }
.preview { margin-left: 12px; }
.footer { padding: 16px 24px; font-size: 12px; color: #868e96; border-top: 1px solid #e9ecef; }
.footer a { color: #868e96; }
@media (max-width: 620px) { .content { padding: 16px !important; } }`
	return css
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

// inline moves the CSS into style attributes once per message, and derives the plain-text
// part from the same document. Macros pass through both untouched.
func inline(doc string) (htmlOut, textOut string, err error) {
	pm, err := premailer.NewPremailerFromString(doc, premailer.NewOptions())
	if err != nil {
		return "", "", fmt.Errorf("inline the theme CSS: %w", err)
	}
	htmlOut, err = pm.Transform()
	if err != nil {
		return "", "", fmt.Errorf("inline the theme CSS: %w", err)
	}
	textOut, err = pm.TransformText(premailer.WithPrettyTables(false))
	if err != nil {
		return "", "", fmt.Errorf("derive the text part: %w", err)
	}
	return htmlOut, strings.TrimSpace(textOut), nil
}
