package compose

import (
	"context"
	"fmt"
	"strings"

	"commhub/backend/audience"
	"commhub/backend/fault"
	"commhub/backend/model"
)

// batchSize bounds the IDs of one query: recipients stream through in batches.
const batchSize = 500

// Recipients calls fn with the decision for every recipient of the message: the saved
// audience (streamed), picked IDs and pasted addresses, without duplicates, then the
// pasted addresses that match nobody (skipped with a reason). Excluded recipients are
// reported as skipped so that counts add up. Offer visibility is read once, when the
// pass starts.
func (c *Compiled) Recipients(ctx context.Context, fn func(Decision) error) error {
	states, err := c.offerStates(ctx)
	if err != nil {
		return err
	}
	var batch []int64
	flush := func() error {
		err := c.decideBatch(ctx, batch, states, func(_ *recipient, d Decision) error { return fn(d) })
		batch = batch[:0]
		return err
	}
	unknown, err := c.stream(ctx, func(id int64) error {
		batch = append(batch, id)
		if len(batch) >= batchSize {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	for _, e := range unknown {
		if err := fn(c.unknownAddress(e)); err != nil {
			return err
		}
	}
	return nil
}

// decideBatch loads a batch of recipients with one query per table and decides each, in
// order. fn gets the loaded recipient too, so RenderEach can render from the same load; an
// ID the store does not hold comes as a bare recipient, which decide skips as not in the
// network.
func (c *Compiled) decideBatch(ctx context.Context, ids []int64, states map[int64]offerState, fn func(*recipient, Decision) error) error {
	if len(ids) == 0 {
		return nil
	}
	rs, err := c.load(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		r := rs[id]
		if r == nil {
			r = &recipient{Kind: c.Kind(), ID: id}
		}
		if err := fn(r, c.decide(r, states)); err != nil {
			return err
		}
	}
	return nil
}

func (c *Compiled) unknownAddress(email string) Decision {
	return Decision{Kind: c.Kind(), Email: email, Name: email, Status: StatusSkipped, Reason: "no " + c.Kind() + " has this address"}
}

// stream calls add once for every recipient ID of the spec, in send order (the saved
// audience, picked IDs, then the owners of pasted addresses), and returns the pasted
// addresses that match nobody.
func (c *Compiled) stream(ctx context.Context, add func(int64) error) ([]string, error) {
	seen := map[int64]bool{}
	once := func(id int64) error {
		if seen[id] {
			return nil
		}
		seen[id] = true
		return add(id)
	}
	spec := c.msg.Recipients
	if spec.AudienceID != nil {
		a, rules, err := audience.Load(c.db.WithContext(ctx), *spec.AudienceID)
		if err != nil {
			return nil, err
		}
		if a.Kind != c.msg.RecipientKind {
			return nil, fault.Invalidf("audience %q selects %s but message %d goes to %s: choose a matching audience", a.Name, a.Kind, c.msg.ID, c.msg.RecipientKind)
		}
		if err := audience.Resolve(ctx, c.db, rules, c.now, once); err != nil {
			return nil, err
		}
	}
	for _, id := range spec.IDs {
		if err := once(id); err != nil {
			return nil, err
		}
	}
	if len(spec.Emails) == 0 {
		return nil, nil
	}
	byEmail, err := c.idsByEmail(ctx, spec.Emails)
	if err != nil {
		return nil, err
	}
	var unknown []string
	for _, e := range spec.Emails {
		ids := byEmail[e]
		if len(ids) == 0 {
			unknown = append(unknown, e)
		}
		for _, id := range ids {
			if err := once(id); err != nil {
				return nil, err
			}
		}
	}
	return unknown, nil
}

// table and email column of the message's recipients.
func (c *Compiled) source() (table, emailCol string) {
	switch c.msg.RecipientKind {
	case model.RecipientAdvertisers:
		return "advertisers", "contact_email"
	case model.RecipientEmployees:
		return "employees", "email"
	}
	return "partners", "email"
}

func (c *Compiled) idsByEmail(ctx context.Context, emails []string) (map[string][]int64, error) {
	table, col := c.source()
	out := map[string][]int64{}
	for start := 0; start < len(emails); start += batchSize {
		part := emails[start:min(start+batchSize, len(emails))]
		var rows []struct {
			ID    int64
			Email string
		}
		err := c.db.WithContext(ctx).Table(table).Select("id, lower("+col+") AS email").
			Where("lower("+col+") IN ?", part).Order("id").Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("look up pasted addresses: %w", err)
		}
		for _, r := range rows {
			out[r.Email] = append(out[r.Email], r.ID)
		}
	}
	return out, nil
}

// load reads a batch of recipients with what the rule needs: approvals for the
// message's offers, cached tracking links and suppressions.
func (c *Compiled) load(ctx context.Context, ids []int64) (map[int64]*recipient, error) {
	rs, err := c.loadPeople(ctx, ids)
	if err != nil {
		return nil, err
	}
	if err := c.loadSuppressions(ctx, rs); err != nil {
		return nil, err
	}
	if c.Kind() != KindPartner || len(c.offerIDs) == 0 {
		return rs, nil
	}
	var apps []struct {
		PartnerID, OfferID int64
		Status             string
	}
	err = c.db.WithContext(ctx).Table("approvals").Select("partner_id, offer_id, status").
		Where("partner_id IN ? AND offer_id IN ?", ids, c.offerIDs).Scan(&apps).Error
	if err != nil {
		return nil, fmt.Errorf("read approvals: %w", err)
	}
	for _, a := range apps {
		if r := rs[a.PartnerID]; r != nil {
			r.approvals[a.OfferID] = a.Status
		}
	}
	return rs, c.loadLinks(ctx, ids, rs)
}

func (c *Compiled) loadPeople(ctx context.Context, ids []int64) (map[int64]*recipient, error) {
	rs := make(map[int64]*recipient, len(ids))
	db := c.db.WithContext(ctx)
	switch c.Kind() {
	case KindPartner:
		// Only the columns rendering and the rule read: tags and times cost more to scan
		// than everything else together.
		var rows []model.Partner
		err := db.Select("id, name, first_name, last_name, company, email, country, status, unsubscribed, encoded_id, account_manager_id").
			Where("id IN ?", ids).Find(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("read partners: %w", err)
		}
		for _, p := range rows {
			r := &recipient{Kind: KindPartner, ID: p.ID, Found: true, Name: p.Name, FirstName: p.FirstName, LastName: p.LastName,
				Company: p.Company, Email: p.Email, Country: p.Country, Status: p.Status, Unsub: p.Unsubscribed,
				EncodedID: p.EncodedID, approvals: map[int64]string{}, links: map[int64]string{}}
			c.setManager(r, p.AccountManagerID)
			rs[p.ID] = r
		}
	case KindAdvertiser:
		var rows []model.Advertiser
		err := db.Select("id, name, contact_name, contact_email, status, account_manager_id").Where("id IN ?", ids).Find(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("read advertisers: %w", err)
		}
		for _, a := range rows {
			r := &recipient{Kind: KindAdvertiser, ID: a.ID, Found: true, Name: a.Name, FirstName: a.ContactName,
				Email: a.ContactEmail, Status: a.Status}
			c.setManager(r, a.AccountManagerID)
			rs[a.ID] = r
		}
	default:
		for _, id := range ids {
			if e, ok := c.managers[id]; ok {
				first, last, _ := strings.Cut(e.Name, " ")
				rs[id] = &recipient{Kind: KindEmployee, ID: id, Found: true, Name: e.Name, FirstName: first, LastName: last, Email: e.Email}
			}
		}
	}
	return rs, nil
}

func (c *Compiled) setManager(r *recipient, id *int64) {
	if id == nil {
		return
	}
	if m, ok := c.managers[*id]; ok {
		r.AMName, r.AMEmail = m.Name, m.Email
	}
}

func (c *Compiled) loadSuppressions(ctx context.Context, rs map[int64]*recipient) error {
	byEmail := map[string][]*recipient{}
	var emails []string
	for _, r := range rs {
		e := strings.ToLower(strings.TrimSpace(r.Email))
		if e == "" {
			continue
		}
		if byEmail[e] == nil {
			emails = append(emails, e)
		}
		byEmail[e] = append(byEmail[e], r)
	}
	if len(emails) == 0 {
		return nil
	}
	var sup []model.Suppression
	if err := c.db.WithContext(ctx).Where("email IN ?", emails).Find(&sup).Error; err != nil {
		return fmt.Errorf("read suppressions: %w", err)
	}
	for _, s := range sup {
		for _, r := range byEmail[s.Email] {
			r.Suppressed = s.Reason
		}
	}
	return nil
}

// loadLinks reads tracking links fetched from the platform for these partners.
func (c *Compiled) loadLinks(ctx context.Context, ids []int64, rs map[int64]*recipient) error {
	if !c.needLinks {
		return nil
	}
	var rows []struct {
		PartnerID int64
		OfferID   int64
		URL       string
	}
	err := c.db.WithContext(ctx).Table("tracking_links").Select("partner_id, offer_id, url").
		Where("partner_id IN ? AND offer_id IN ?", ids, c.offerIDs).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("read cached tracking links: %w", err)
	}
	for _, l := range rows {
		if r := rs[l.PartnerID]; r != nil && (strings.HasPrefix(l.URL, "https://") || strings.HasPrefix(l.URL, "http://")) {
			r.links[l.OfferID] = l.URL
		}
	}
	return nil
}
