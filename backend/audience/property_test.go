package audience

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // the zones below must exist on every machine

	"gorm.io/gorm"

	"commhub/backend/model"
	"commhub/backend/store/storetest"
)

// Zones whose clocks never jump at midnight (so "midnight" is one instant), with odd
// offsets and DST, so that local days and UTC days disagree.
var testZones = []string{"America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "UTC"}

// testNows sit near day and month edges, where a UTC date and the local date differ.
var testNows = []string{
	"2026-03-01T00:30:00", "2026-11-01T23:30:00", "2026-01-01T00:05:00", "2026-03-31T23:59:59",
	"2026-10-04T12:00:00", "2026-12-31T23:00:00",
}

func openStore(t testing.TB) *gorm.DB {
	t.Helper()
	return storetest.Open(t).DB
}

// world generates a small random network whose dates cluster around period edges.
type world struct {
	rnd *rand.Rand
	now time.Time
	loc *time.Location
	o   oracle
}

func (w *world) edgeDays() []time.Time {
	y, m, d := w.now.In(w.loc).Date()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, w.loc) }
	var out []time.Time
	for _, k := range []int{0, 1, -1, -6, -7, -29, -30, -31} {
		out = append(out, day(y, m, d+k))
	}
	for _, k := range []int{1, 0, -1} {
		out = append(out, day(y, m, k), day(y, m-1, k), day(y, m-1, k+1))
	}
	return out
}

func (w *world) instant() time.Time {
	edges := w.edgeDays()
	t := edges[w.rnd.IntN(len(edges))]
	switch w.rnd.IntN(4) {
	case 0:
		t = t.Add(-time.Second)
	case 1:
		t = t.Add(time.Duration(w.rnd.IntN(86400)) * time.Second)
	case 2:
		t = t.Add(time.Millisecond * time.Duration(1+w.rnd.IntN(999)))
	}
	return t.UTC()
}

var (
	testTags      = []string{"vip", "Email", "tier_1", "50%off", "push", "tierx1", "50-off"}
	testCountries = []string{"US", "DE", "FR"}
)

func (w *world) pick(list []string) string { return list[w.rnd.IntN(len(list))] }

func (w *world) maybeID(n int) *int64 {
	if w.rnd.IntN(4) == 0 {
		return nil
	}
	id := int64(1 + w.rnd.IntN(n))
	return &id
}

func (w *world) tags() model.Tags {
	t := model.Tags{}
	for _, tag := range testTags {
		if w.rnd.IntN(3) == 0 {
			if w.rnd.IntN(2) == 0 {
				tag = asciiLowerOracle(tag)
			}
			t = append(t, tag)
		}
	}
	return t
}

func (w *world) build(t testing.TB, db *gorm.DB) {
	w.o = oracle{nullCountry: map[int64]bool{}, offers: map[int64]model.Offer{}, approvals: map[[2]int64]string{}}
	vis := []string{model.VisibilityPublic, model.VisibilityRequireApproval, model.VisibilityPrivate}
	for id := int64(1); id <= 5; id++ {
		of := model.Offer{ID: id, Name: fmt.Sprint("Offer ", id), Status: "active", Visibility: w.pick(vis), AdvertiserID: w.maybeID(3)}
		w.o.offers[id] = of
		must(t, db.Create(&of).Error)
	}
	for id := int64(1); id <= 4; id++ {
		a := model.Advertiser{ID: id, Name: fmt.Sprint("Adv ", id), ContactEmail: fmt.Sprintf("Contact%d@Adv.example", id),
			Status: w.pick(model.PartnerStatuses), AccountManagerID: w.maybeID(3), Tags: w.tags(), CreatedAt: w.instant()}
		w.o.advertisers = append(w.o.advertisers, a)
		must(t, db.Create(&a).Error)
	}
	for id := int64(1); id <= 24; id++ {
		p := w.partner(id)
		w.o.partners = append(w.o.partners, p)
		must(t, db.Create(&p).Error)
		if w.rnd.IntN(8) == 0 {
			w.o.nullCountry[id] = true
			must(t, db.Exec("UPDATE partners SET country = NULL WHERE id = ?", id).Error)
		}
		w.approvalsAndStats(t, db, id)
	}
}

func (w *world) partner(id int64) model.Partner {
	p := model.Partner{ID: id, Name: fmt.Sprintf("Partner %02d", w.rnd.IntN(99)), Email: fmt.Sprintf("P%d@Example.com", id),
		Status: w.pick(model.PartnerStatuses), AccountManagerID: w.maybeID(3), Country: w.pick(testCountries),
		Tags: w.tags(), CreatedAt: w.instant(), NotificationPref: w.pick(notificationPrefs)}
	if w.rnd.IntN(3) > 0 {
		login := w.instant()
		p.LastLoginAt = &login
	}
	return p
}

func (w *world) approvalsAndStats(t testing.TB, db *gorm.DB, partner int64) {
	statuses := []string{model.ApprovalApproved, model.ApprovalPending, model.ApprovalRejected}
	for offer := int64(1); offer <= 5; offer++ {
		if w.rnd.IntN(2) == 0 {
			st := w.pick(statuses)
			w.o.approvals[[2]int64{partner, offer}] = st
			must(t, db.Create(&model.Approval{PartnerID: partner, OfferID: offer, Status: st}).Error)
		}
	}
	if w.rnd.IntN(5) == 0 {
		return // a partner with no stats at all
	}
	seen := map[string]bool{}
	edges := w.edgeDays()
	for n := w.rnd.IntN(8); n > 0; n-- {
		s := model.DailyStat{Date: edges[w.rnd.IntN(len(edges))].Format(dateLayout), PartnerID: partner, OfferID: int64(1 + w.rnd.IntN(5))}
		if key := fmt.Sprint(s.Date, s.OfferID); seen[key] {
			continue
		} else {
			seen[key] = true
		}
		if w.rnd.IntN(4) > 0 {
			s.Clicks = int64(w.rnd.IntN(20))
			s.Conversions = int64(w.rnd.IntN(3))
			s.RevenueCents = s.Conversions * int64(w.rnd.IntN(3000))
			s.PayoutCents = s.RevenueCents * int64(w.rnd.IntN(120)) / 100
		}
		w.o.stats = append(w.o.stats, s)
		must(t, db.Create(&s).Error)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestSQLMatchesOracle is the property test: random networks and random rules, SQL and
// oracle must select exactly the same IDs (Count, Resolve and Sample's total).
func TestSQLMatchesOracle(t *testing.T) {
	defer func(b int) { resolveBatch = b }(resolveBatch)
	resolveBatch = 4 // small pages, so keyset paging crosses many pages
	ctx := context.Background()
	cases := 0
	for seed := uint64(1); seed <= 10; seed++ {
		rnd := rand.New(rand.NewPCG(seed, 99))
		loc, err := time.LoadLocation(testZones[int(seed)%len(testZones)])
		must(t, err)
		local, err := time.ParseInLocation("2006-01-02T15:04:05", testNows[int(seed)%len(testNows)], loc)
		must(t, err)
		w := &world{rnd: rnd, now: local, loc: loc}
		db := openStore(t)
		w.build(t, db)
		// the caller's clock may be in any zone: only loc decides the days
		now := local.UTC()
		for i := 0; i < 80; i++ {
			r := w.rules()
			norm, err := Validate(ctx, db, r)
			if err != nil {
				t.Fatalf("seed %d case %d: generated rules invalid: %v\n%+v", seed, i, err, r)
			}
			want := w.o.eval(norm, now, loc)
			checkAgree(t, ctx, db, &w.o, r, now, loc, want, fmt.Sprintf("seed %d case %d (%s, now %s)", seed, i, loc, local))
			cases++
		}
	}
	t.Logf("%d rule sets agreed", cases)
}

func checkAgree(t *testing.T, ctx context.Context, db *gorm.DB, o *oracle, r Rules, now time.Time, loc *time.Location, want []int64, label string) {
	t.Helper()
	n, err := CountIn(ctx, db, r, now, loc)
	must(t, err)
	var got []int64
	must(t, ResolveIn(ctx, db, r, now, loc, func(id int64) error { got = append(got, id); return nil }))
	sample, err := Sample(ctx, db, r, now, loc, "", 200)
	must(t, err)
	var sampled []int64
	for _, it := range sample.Items {
		sampled = append(sampled, it.ID)
	}
	slices.Sort(sampled)
	if n != int64(len(want)) || !slices.Equal(got, want) || sample.Total != n || !slices.Equal(sampled, want) {
		t.Fatalf("%s: SQL count %d, resolve %v, sample %v of %d; oracle %v\nrules %s", label, n, got, sampled, sample.Total, want, dump(r))
	}
	checkSampleMetric(t, o, r, sample, now, loc, label)
}

// checkSampleMetric compares the metric shown beside each sampled recipient with the
// oracle's sum for the first performance rule.
func checkSampleMetric(t *testing.T, o *oracle, r Rules, sample SampleResult, now time.Time, loc *time.Location, label string) {
	t.Helper()
	var perf *Rule
	for _, g := range r.Groups {
		for i := range g.Rules {
			if perf == nil && g.Rules[i].Field == FieldPerformance {
				perf = &g.Rules[i]
			}
		}
	}
	if perf == nil {
		if sample.Metric != "" {
			t.Fatalf("%s: metric %q without a performance rule", label, sample.Metric)
		}
		return
	}
	if sample.Metric != perf.Metric {
		t.Fatalf("%s: sample metric %q, want %q", label, sample.Metric, perf.Metric)
	}
	for _, it := range sample.Items {
		want := o.sum(*perf, now, loc, o.find(r.Kind, it.ID))
		if it.Metric == nil || *it.Metric != want {
			t.Fatalf("%s: recipient %d metric %v, oracle %d", label, it.ID, it.Metric, want)
		}
	}
}
