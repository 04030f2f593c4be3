package compose

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"commhub/backend/fault"
	"commhub/backend/model"
)

// Decision statuses.
const (
	StatusOK      = "ok"
	StatusBlocked = "blocked"
	StatusSkipped = "skipped"
)

// Recipient kinds in decisions.
const (
	KindPartner    = "partner"
	KindAdvertiser = "advertiser"
	KindEmployee   = "employee"
)

// Decision is whether one recipient gets the message, and why not.
type Decision struct {
	Kind          string  `json:"kind"`
	ID            int64   `json:"id"`
	Name          string  `json:"name"`
	Email         string  `json:"email"`
	Status        string  `json:"status"`
	Reason        string  `json:"reason"`
	BlockedOffers []int64 `json:"blockedOffers"`
}

// offerState is an offer's visibility as it is now: approvals and visibility are
// re-read for every decision pass, never taken from compile time.
type offerState struct {
	Name       string
	Visibility string
}

// Kind is the decision kind of the message's recipients.
func (c *Compiled) Kind() string {
	switch c.msg.RecipientKind {
	case model.RecipientAdvertisers:
		return KindAdvertiser
	case model.RecipientEmployees:
		return KindEmployee
	}
	return KindPartner
}

// Decide re-checks one recipient right before sending, against the database as it is
// now: approvals, offer visibility, status, unsubscribes and suppressions.
func (c *Compiled) Decide(ctx context.Context, kind string, id int64) (Decision, error) {
	_, d, err := c.decideOne(ctx, kind, id, false)
	return d, err
}

func (c *Compiled) decideOne(ctx context.Context, kind string, id int64, render bool) (*recipient, Decision, error) {
	if kind != c.Kind() {
		return nil, Decision{}, fault.Invalidf("message %d goes to %s, not to a %s", c.msg.ID, c.msg.RecipientKind, kind)
	}
	states, err := c.offerStates(ctx)
	if err != nil {
		return nil, Decision{}, err
	}
	rs, err := c.load(ctx, []int64{id}, render)
	if err != nil {
		return nil, Decision{}, err
	}
	r := rs[id]
	if r == nil {
		r = &recipient{Kind: kind, ID: id}
	}
	return r, c.decide(r, states), nil
}

// decide rules on one loaded recipient: inactive, suspended, unsubscribed, suppressed or
// address-less recipients are skipped; one not approved for every offer of the message is
// blocked (public offers count as approved unless rejected, others need an approved row).
func (c *Compiled) decide(r *recipient, offers map[int64]offerState) Decision {
	d := Decision{Kind: c.Kind(), ID: r.ID, Name: r.Name, Email: r.Email, Status: StatusOK}
	skip := func(reason string) Decision {
		d.Status, d.Reason = StatusSkipped, reason
		return d
	}
	switch {
	case !r.Found:
		return skip(fmt.Sprintf("%s %d is not in the network", d.Kind, r.ID))
	case r.Status == model.StatusInactive || r.Status == model.StatusSuspended:
		return skip(d.Kind + " is " + r.Status)
	case r.Unsub:
		return skip("unsubscribed")
	case r.Suppressed != "":
		return skip("suppressed (" + r.Suppressed + ")")
	case !validEmail(r.Email):
		return skip("no valid email address")
	case c.excluded(r):
		return skip("excluded from this message")
	}
	if c.msg.Kind != model.MessageOfferDetails {
		return d
	}
	var names []string
	for _, id := range c.offerIDs {
		st, ok := offers[id]
		if ok && approved(st.Visibility, r.approvals[id]) {
			continue
		}
		d.BlockedOffers = append(d.BlockedOffers, id)
		if ok {
			names = append(names, fmt.Sprintf("%s (#%d)", st.Name, id))
		} else {
			names = append(names, fmt.Sprintf("#%d (no longer exists)", id))
		}
	}
	if len(d.BlockedOffers) > 0 {
		d.Status, d.Reason = StatusBlocked, "not approved for "+strings.Join(names, ", ")
		return d
	}
	if c.needLinks {
		for _, id := range c.offerIDs {
			o := c.offers[id]
			if miss := c.links.missing(r.EncodedID, o.EncodedID); miss != "" && r.links[id] == "" {
				return skip(fmt.Sprintf("no tracking link for offer %d: %s", id, miss))
			}
		}
	}
	return d
}

// approved is the offer-approval rule: public offers are open unless the partner was
// rejected; require_approval and private offers (and any visibility we do not know)
// need an approved approval row.
func approved(visibility, approval string) bool {
	if visibility == model.VisibilityPublic {
		return approval != model.ApprovalRejected
	}
	return approval == model.ApprovalApproved
}

func (c *Compiled) excluded(r *recipient) bool {
	spec := c.msg.Recipients
	for _, id := range spec.ExcludeIDs {
		if id == r.ID {
			return true
		}
	}
	for _, e := range spec.ExcludeEmails {
		if strings.EqualFold(e, r.Email) {
			return true
		}
	}
	return false
}

// offerStates reads the message's offers as they are now.
func (c *Compiled) offerStates(ctx context.Context) (map[int64]offerState, error) {
	out := map[int64]offerState{}
	if c.msg.Kind != model.MessageOfferDetails || len(c.offerIDs) == 0 {
		return out, nil
	}
	var rows []model.Offer
	if err := c.db.WithContext(ctx).Select("id", "name", "visibility").Where("id IN ?", c.offerIDs).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read offer visibility: %w", err)
	}
	for _, o := range rows {
		out[o.ID] = offerState{Name: o.Name, Visibility: o.Visibility}
	}
	return out, nil
}

// Eligibility is the summary of a whole send, as the preview shows it.
type Eligibility struct {
	Total      int          `json:"total"`
	Recipients int          `json:"recipients"`
	Blocked    []Excluded   `json:"blocked"`
	Skipped    []Excluded   `json:"skipped"`
	BlockedBy  []OfferCount `json:"blockedBy"`
	// Truncated is true when the lists stop at the limit (the counts stay exact).
	BlockedCount int  `json:"blockedCount"`
	SkippedCount int  `json:"skippedCount"`
	Truncated    bool `json:"truncated"`
}

// Excluded is one blocked or skipped recipient.
type Excluded struct {
	Kind   string     `json:"kind"`
	ID     int64      `json:"id"`
	Name   string     `json:"name"`
	Email  string     `json:"email"`
	Reason string     `json:"reason"`
	Offers []OfferRef `json:"offers,omitempty"`
}

// OfferRef names an offer.
type OfferRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// OfferCount says how many recipients one offer blocks.
type OfferCount struct {
	OfferRef
	Count int `json:"count"`
}

// Summarize runs the decision over every recipient; lists keep at most limit entries each.
func (c *Compiled) Summarize(ctx context.Context, limit int) (Eligibility, error) {
	e := Eligibility{Blocked: []Excluded{}, Skipped: []Excluded{}, BlockedBy: []OfferCount{}}
	byOffer := map[int64]int{}
	err := c.Recipients(ctx, func(d Decision) error {
		e.Total++
		x := Excluded{Kind: d.Kind, ID: d.ID, Name: d.Name, Email: d.Email, Reason: d.Reason}
		switch d.Status {
		case StatusOK:
			e.Recipients++
		case StatusBlocked:
			e.BlockedCount++
			for _, id := range d.BlockedOffers {
				byOffer[id]++
				x.Offers = append(x.Offers, c.offerRef(id))
			}
			if len(e.Blocked) < limit {
				e.Blocked = append(e.Blocked, x)
			}
		case StatusSkipped:
			e.SkippedCount++
			if len(e.Skipped) < limit {
				e.Skipped = append(e.Skipped, x)
			}
		}
		return nil
	})
	for id, n := range byOffer {
		e.BlockedBy = append(e.BlockedBy, OfferCount{OfferRef: c.offerRef(id), Count: n})
	}
	sort.Slice(e.BlockedBy, func(i, j int) bool { return e.BlockedBy[i].Count > e.BlockedBy[j].Count })
	e.Truncated = e.BlockedCount > len(e.Blocked) || e.SkippedCount > len(e.Skipped)
	return e, err
}

func (c *Compiled) offerRef(id int64) OfferRef {
	if o := c.offers[id]; o != nil {
		return OfferRef{ID: id, Name: o.Name}
	}
	return OfferRef{ID: id, Name: fmt.Sprintf("offer %d", id)}
}
