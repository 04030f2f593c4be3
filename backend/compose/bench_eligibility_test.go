package compose

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"commhub/backend/model"
	"commhub/backend/store/storetest"
)

// BenchmarkEligibility20000 decides 20,000 partners of an Offer Details message with three
// gated offers (the preview's eligibility summary and the send snapshot both do this).
// Baseline, same run: one hand-written SQL query that counts the eligible partners.
func BenchmarkEligibility20000(b *testing.B) {
	const n = 20000
	st := storetest.Open(b)
	saveSettings(b, st.DB, nil)
	rnd := rand.New(rand.NewPCG(1, 2))
	offers := []int64{1, 2, 3}
	for _, id := range offers {
		must(b, st.DB.Create(&model.Offer{ID: id, Name: fmt.Sprint("Offer ", id), Status: "active",
			Visibility: model.VisibilityRequireApproval, EncodedID: fmt.Sprint("O", id)}).Error)
	}
	partners := make([]model.Partner, n)
	var approvals []model.Approval
	ids := make([]int64, n)
	for i := range partners {
		id := int64(i + 1)
		ids[i] = id
		partners[i] = model.Partner{ID: id, Name: fmt.Sprint("Partner ", id), Email: fmt.Sprintf("p%d@example.com", id),
			Status: statuses[rnd.IntN(len(statuses))], EncodedID: fmt.Sprint("E", id)}
		for _, o := range offers {
			if rnd.IntN(10) < 7 {
				approvals = append(approvals, model.Approval{PartnerID: id, OfferID: o, Status: model.ApprovalApproved})
			}
		}
	}
	must(b, st.DB.CreateInBatches(partners, 500).Error)
	must(b, st.DB.CreateInBatches(approvals, 500).Error)
	m := model.Message{Kind: model.MessageOfferDetails, Subject: "Hi", Body: "<p>x</p>", Offers: offers,
		Recipients: model.RecipientSpec{IDs: ids}}
	c := mustCompile(b, st.DB, saveMessage(b, st.DB, m))
	ctx := context.Background()
	const baseline = `SELECT count(*) FROM partners p WHERE p.status NOT IN ('inactive','suspended') AND NOT p.unsubscribed
		AND lower(p.email) NOT IN (SELECT email FROM suppressions)
		AND (SELECT count(*) FROM approvals a WHERE a.partner_id = p.id AND a.offer_id IN (1,2,3) AND a.status = 'approved') = 3`

	var oursTime, baseTime time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		e, err := c.Summarize(ctx, 2000)
		oursTime += time.Since(t0)
		must(b, err)
		t0 = time.Now()
		var want int
		must(b, st.DB.Raw(baseline).Scan(&want).Error)
		baseTime += time.Since(t0)
		if e.Recipients != want || e.Total != n {
			b.Fatalf("summary says %d of %d eligible, SQL says %d", e.Recipients, e.Total, want)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(oursTime.Milliseconds())/float64(b.N), "ms-ours")
	b.ReportMetric(float64(baseTime.Milliseconds())/float64(b.N), "ms-sql")
	b.ReportMetric(float64(oursTime)/float64(baseTime), "ratio")
}
