package template

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"commhub/backend/compose"
	"commhub/backend/fault"
	"commhub/backend/model"
)

// Recipient is someone a template can be previewed as.
type Recipient struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Preview renders a template through the composer exactly as recipientID would receive
// the draft it makes (0: the first active recipient of its kind). An Offer Details
// template is shown with one sample offer the recipient is approved for, since its offers
// are picked only when it is used.
func Preview(ctx context.Context, db *gorm.DB, c Content, recipientID int64, now time.Time) (compose.Preview, error) {
	if recipientID == 0 {
		rs, err := Recipients(ctx, db, c.RecipientKind, "", 1)
		if err != nil {
			return compose.Preview{}, err
		}
		if len(rs) == 0 {
			return compose.Preview{}, fault.NotFoundf("there are no %s in the network to preview the template for: import or sync your network", c.RecipientKind)
		}
		recipientID = rs[0].ID
	}
	m, err := Message(db.WithContext(ctx), c)
	if err != nil {
		return compose.Preview{}, err
	}
	if m.Kind == model.MessageOfferDetails {
		offer, err := sampleOffer(ctx, db, recipientID)
		if err != nil {
			return compose.Preview{}, err
		}
		if offer != 0 {
			m.Offers = []int64{offer}
		}
	}
	cm, err := compose.CompileMessage(ctx, db, m, now)
	if err != nil {
		return compose.Preview{}, err
	}
	return cm.Preview(ctx, recipientID)
}

// sampleOffer picks an active offer the partner may receive: one they are approved for,
// else a public one they were not rejected for.
func sampleOffer(ctx context.Context, db *gorm.DB, partnerID int64) (int64, error) {
	var ids []int64
	err := db.WithContext(ctx).Raw(`SELECT o.id FROM offers o
		LEFT JOIN approvals a ON a.offer_id = o.id AND a.partner_id = ?
		WHERE o.status = 'active' AND (a.status = ? OR (o.visibility = ? AND coalesce(a.status, '') <> ?))
		ORDER BY a.status IS NULL, o.id LIMIT 1`, partnerID, model.ApprovalApproved, model.VisibilityPublic, model.ApprovalRejected).
		Scan(&ids).Error
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}

// Recipients lists up to limit recipients of a kind whose name or email contains query,
// the ones a message would reach first: active, not unsubscribed.
func Recipients(ctx context.Context, db *gorm.DB, kind, query string, limit int) ([]Recipient, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	like := "%" + query + "%"
	var q string
	switch kind {
	case model.RecipientPartners:
		q = `SELECT id, name, email FROM partners WHERE (name LIKE ? OR email LIKE ?)
			ORDER BY status <> 'active', unsubscribed, id LIMIT ?`
	case model.RecipientAdvertisers:
		q = `SELECT id, name, contact_email AS email FROM advertisers WHERE (name LIKE ? OR contact_email LIKE ?)
			ORDER BY status <> 'active', id LIMIT ?`
	case model.RecipientEmployees:
		q = `SELECT id, name, email FROM employees WHERE (name LIKE ? OR email LIKE ?) ORDER BY id LIMIT ?`
	default:
		return nil, fault.Invalidf("%q is not a recipient kind (partners, advertisers, employees)", kind)
	}
	out := []Recipient{}
	if err := db.WithContext(ctx).Raw(q, like, like, limit).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("list %s: %w", kind, err)
	}
	return out, nil
}
