package compose

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"gorm.io/gorm"

	"commhub/backend/model"
	"commhub/backend/store/storetest"
)

// world is a random network kept in memory as the oracle's view of the database.
type world struct {
	partners  []model.Partner
	offers    map[int64]*model.Offer
	approvals map[[2]int64]string
	suppress  map[string]bool
}

var (
	statuses     = []string{model.StatusActive, model.StatusActive, model.StatusActive, model.StatusPending, model.StatusInactive, model.StatusSuspended}
	visibilities = []string{model.VisibilityPublic, model.VisibilityRequireApproval, model.VisibilityPrivate}
	approvalSts  = []string{"", "", model.ApprovalApproved, model.ApprovalApproved, model.ApprovalPending, model.ApprovalRejected}
)

func randomWorld(t *testing.T, db *gorm.DB, rnd *rand.Rand) *world {
	w := &world{offers: map[int64]*model.Offer{}, approvals: map[[2]int64]string{}, suppress: map[string]bool{}}
	for id := int64(1); id <= 6; id++ {
		o := &model.Offer{ID: id, Name: fmt.Sprintf("Offer %d", id), Status: "active",
			Visibility: visibilities[rnd.IntN(3)], EncodedID: fmt.Sprintf("O%d", id)}
		w.offers[id] = o
		must(t, db.Create(o).Error)
	}
	for id := int64(1); id <= 40; id++ {
		p := model.Partner{ID: id, Name: fmt.Sprintf("P%d <x>", id), Email: fmt.Sprintf("p%d@example.com", id),
			Status: statuses[rnd.IntN(len(statuses))], Unsubscribed: rnd.IntN(10) == 0, EncodedID: fmt.Sprintf("E%d", id)}
		w.partners = append(w.partners, p)
		must(t, db.Create(&p).Error)
		if rnd.IntN(12) == 0 {
			w.suppress[p.Email] = true
			must(t, db.Create(&model.Suppression{Email: p.Email, Reason: model.SuppressBounced, At: testNow}).Error)
		}
		for oid := int64(1); oid <= 6; oid++ {
			w.setApproval(t, db, id, oid, approvalSts[rnd.IntN(len(approvalSts))])
		}
	}
	return w
}

func (w *world) setApproval(t *testing.T, db *gorm.DB, pid, oid int64, st string) {
	key := [2]int64{pid, oid}
	must(t, db.Where("partner_id = ? AND offer_id = ?", pid, oid).Delete(&model.Approval{}).Error)
	delete(w.approvals, key)
	if st != "" {
		w.approvals[key] = st
		must(t, db.Create(&model.Approval{PartnerID: pid, OfferID: oid, Status: st}).Error)
	}
}

// eligible is the oracle for the offer-approval rule (skip inactive, suspended, unsubscribed
// and suppressed partners; block any not approved for every offer), written independently
// of decide().
func (w *world) eligible(p model.Partner, offers []int64) bool {
	if p.Status == model.StatusInactive || p.Status == model.StatusSuspended || p.Unsubscribed || w.suppress[p.Email] {
		return false
	}
	for _, oid := range offers {
		a := w.approvals[[2]int64{p.ID, oid}]
		switch w.offers[oid].Visibility {
		case model.VisibilityPublic:
			if a == model.ApprovalRejected {
				return false
			}
		default:
			if a != model.ApprovalApproved {
				return false
			}
		}
	}
	return true
}

// TestPropertyNoRenderToIneligible builds random networks and messages, compiles, then
// changes approvals and visibility before deciding, and checks every decision and every
// render against the oracle.
func TestPropertyNoRenderToIneligible(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(seed, 42))
			st := storetest.Open(t)
			saveSettings(t, st.DB, nil)
			w := randomWorld(t, st.DB, rnd)
			offers := rnd.Perm(6)[:1+rnd.IntN(3)]
			m := model.Message{Kind: model.MessageOfferDetails, RecipientKind: model.RecipientPartners,
				Subject: "Hi {partner_name}", Body: "<p>{partner_name|there}</p>", Recipients: model.RecipientSpec{}}
			for _, o := range offers {
				m.Offers = append(m.Offers, int64(o+1))
			}
			for _, p := range w.partners {
				m.Recipients.IDs = append(m.Recipients.IDs, p.ID)
			}
			c := mustCompile(t, st.DB, saveMessage(t, st.DB, m))
			ctx := context.Background()
			check := func(stage string) {
				ok := 0
				err := c.Recipients(ctx, func(d Decision) error {
					p := w.partners[d.ID-1]
					want := w.eligible(p, m.Offers)
					if (d.Status == StatusOK) != want {
						t.Errorf("%s: partner %d decision %s (%s), oracle eligible=%v", stage, d.ID, d.Status, d.Reason, want)
					}
					r, err := c.Render(ctx, KindPartner, d.ID)
					if want != (err == nil) {
						t.Errorf("%s: partner %d render error %v, oracle eligible=%v", stage, d.ID, err, want)
					}
					if err == nil {
						ok++
						if r.To != p.Email || !strings.Contains(r.HTML, "P"+fmt.Sprint(d.ID)+" &lt;x&gt;") {
							t.Errorf("%s: partner %d got someone else's email", stage, d.ID)
						}
					}
					return nil
				})
				must(t, err)
				// The batch path the delivery engine uses follows the same rule.
				var ids []int64
				for _, p := range w.partners {
					ids = append(ids, p.ID)
				}
				err = c.RenderEach(ctx, KindPartner, ids, func(d Decision, r *Rendered) error {
					p := w.partners[d.ID-1]
					if want := w.eligible(p, m.Offers); want != (r != nil) || want != (d.Status == StatusOK) {
						t.Errorf("%s: RenderEach partner %d rendered=%v status %s, oracle eligible=%v", stage, d.ID, r != nil, d.Status, want)
					}
					if r != nil && r.To != p.Email {
						t.Errorf("%s: RenderEach partner %d got %s's email", stage, d.ID, r.To)
					}
					return nil
				})
				must(t, err)
			}
			check("at compile")
			// Approvals and visibility change between preview and send.
			for i := 0; i < 30; i++ {
				p := w.partners[rnd.IntN(len(w.partners))]
				oid := m.Offers[rnd.IntN(len(m.Offers))]
				w.setApproval(t, st.DB, p.ID, oid, approvalSts[rnd.IntN(len(approvalSts))])
			}
			oid := m.Offers[rnd.IntN(len(m.Offers))]
			vis := visibilities[rnd.IntN(3)]
			w.offers[oid].Visibility = vis
			must(t, st.DB.Model(&model.Offer{}).Where("id = ?", oid).Update("visibility", vis).Error)
			check("after changes")
		})
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
