package compose

import (
	"context"
	"fmt"

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
		err := c.decideBatch(ctx, batch, states, false, func(_ *recipient, d Decision) error { return fn(d) })
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
// order; render also loads what the macros fill (see load). fn gets the loaded recipient too, so RenderEach can render from the same load; an
// ID the store does not hold comes as a bare recipient, which decide skips as not in the
// network.
func (c *Compiled) decideBatch(ctx context.Context, ids []int64, states map[int64]offerState, render bool, fn func(*recipient, Decision) error) error {
	if len(ids) == 0 {
		return nil
	}
	rs, err := c.load(ctx, ids, render)
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
	spec := c.msg.Recipients
	once := add
	if spec.AudienceID == nil || len(spec.IDs) > 0 || len(spec.Emails) > 0 {
		// Several sources can name one recipient twice. A saved audience alone cannot
		// (it resolves each ID once), and for it this set, which would grow with the
		// audience, is not kept.
		seen := map[int64]bool{}
		once = func(id int64) error {
			if seen[id] {
				return nil
			}
			seen[id] = true
			return add(id)
		}
	}
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
