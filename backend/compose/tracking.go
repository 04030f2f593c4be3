package compose

import (
	"net/url"
	"strconv"
	"strings"

	"commhub/backend/macro"
	"commhub/backend/model"
	"commhub/backend/settings"
)

// everflowFormat is Everflow's own link: encoded partner and offer IDs under the tracking domain.
const everflowFormat = "https://{tracking_domain}/{encoded_partner_id}/{encoded_offer_id}/"

// linkTemplate builds tracking links from the settings' template (or Everflow's format),
// parsed once per message. Placeholder values are URL-encoded for where they sit.
type linkTemplate struct {
	segs   []macro.Segment
	uses   map[string]bool
	domain string
	params [][2]string // message parameters not placed by the template: appended as a query
}

func newLinkTemplate(s settings.Settings, p model.TrackingParams) *linkTemplate {
	src := s.TrackingTemplate
	if src == "" {
		src = everflowFormat
	}
	lt := &linkTemplate{segs: macro.Parse(src), uses: map[string]bool{}, domain: s.TrackingDomain}
	for _, seg := range lt.segs {
		if seg.Ref != nil {
			lt.uses[seg.Ref.Name] = true
		}
	}
	for _, kv := range paramList(p) {
		if kv[1] != "" && !lt.uses[kv[0]] {
			lt.params = append(lt.params, kv)
		}
	}
	return lt
}

func paramList(p model.TrackingParams) [][2]string {
	return [][2]string{{"sub1", p.Sub1}, {"sub2", p.Sub2}, {"sub3", p.Sub3}, {"sub4", p.Sub4},
		{"sub5", p.Sub5}, {"source_id", p.SourceID}, {"creative_id", p.CreativeID}, {"url", p.URL}}
}

// missing says what a partner/offer pair lacks for its link, "" when nothing.
func (lt *linkTemplate) missing(partnerEncoded, offerEncoded string) string {
	switch {
	case lt.uses["tracking_domain"] && lt.domain == "":
		return "the tracking domain is not set (Settings)"
	case lt.uses["encoded_partner_id"] && partnerEncoded == "":
		return "the partner has no encoded ID for tracking links (import or sync partners)"
	case lt.uses["encoded_offer_id"] && offerEncoded == "":
		return "the offer has no encoded ID for tracking links (import or sync offers)"
	}
	return ""
}

// build returns the link for one partner and offer. cached is a link fetched from the
// platform for this pair, used as is when present.
func (lt *linkTemplate) build(p *recipient, o *offerInfo, msgParams model.TrackingParams) string {
	var b strings.Builder
	if cached := p.links[o.ID]; cached != "" {
		b.WriteString(cached)
	} else {
		query := false
		for _, seg := range lt.segs {
			if seg.Ref == nil {
				b.WriteString(seg.Text)
				query = query || strings.ContainsAny(seg.Text, "?#")
				continue
			}
			v := lt.value(seg.Ref.Name, p, o, msgParams)
			if seg.Ref.Name == "tracking_domain" {
				b.WriteString(v) // a validated host name, part of the authority
			} else if query {
				b.WriteString(url.QueryEscape(v))
			} else {
				b.WriteString(url.PathEscape(v))
			}
		}
	}
	sep := "?"
	if strings.Contains(b.String(), "?") {
		sep = "&"
	}
	for _, kv := range lt.params {
		b.WriteString(sep + kv[0] + "=" + url.QueryEscape(kv[1]))
		sep = "&"
	}
	return b.String()
}

func (lt *linkTemplate) value(name string, p *recipient, o *offerInfo, mp model.TrackingParams) string {
	switch name {
	case "tracking_domain":
		return lt.domain
	case "partner_id":
		return strconv.FormatInt(p.ID, 10)
	case "offer_id":
		return strconv.FormatInt(o.ID, 10)
	case "encoded_partner_id":
		return p.EncodedID
	case "encoded_offer_id":
		return o.EncodedID
	}
	for _, kv := range paramList(mp) {
		if kv[0] == name {
			return kv[1]
		}
	}
	return ""
}
