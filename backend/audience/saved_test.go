package audience

import (
	"context"
	"strings"
	"testing"
	"time"

	"commhub/backend/fault"
	"commhub/backend/model"
)

func TestSavedAudiencesRankByUse(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	for i, st := range []string{"active", "active", "pending"} {
		must(t, db.Create(&model.Partner{ID: int64(i + 1), Name: "P", Email: "p@x.example", Status: st}).Error)
	}
	active := one(activeOnly)
	a, err := Save(ctx, db, Saved{Name: "Active", Rules: active})
	must(t, err)
	b, err := Save(ctx, db, Saved{Name: "Pending", Description: "waiting", Rules: one(Rule{Field: FieldStatus, Values: []string{"pending"}})})
	must(t, err)
	if _, err := Save(ctx, db, Saved{Name: " active ", Rules: active}); fault.KindOf(err) != fault.Conflict {
		t.Fatalf("duplicate name: %v, want a conflict", err)
	}
	if _, err := Save(ctx, db, Saved{Name: "  ", Rules: active}); fault.KindOf(err) != fault.Invalid {
		t.Fatalf("blank name: %v, want invalid", err)
	}
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	must(t, MarkUsed(db, b, 1, at))
	must(t, MarkUsed(db, b, 1, at.Add(time.Hour)))
	must(t, MarkUsed(db, a, 2, at))
	if err := MarkUsed(db, 999, 1, at); fault.KindOf(err) != fault.NotFound {
		t.Fatalf("MarkUsed of a missing audience: %v", err)
	}
	list, err := List(ctx, db, at, time.UTC)
	must(t, err)
	if len(list) != 2 || list[0].ID != b || list[0].Uses != 2 || list[0].Size != 1 || list[1].Size != 2 || list[1].LastCount != 2 {
		t.Fatalf("list = %+v", list)
	}
	if !list[0].LastUsedAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("last used %v", list[0].LastUsedAt)
	}
	got, err := Get(ctx, db, b)
	must(t, err)
	if got.Description != "waiting" || got.Rules.Groups[0].Rules[0].Values[0] != "pending" {
		t.Fatalf("get = %+v", got)
	}
	must(t, Delete(ctx, db, a))
	if _, _, err := Load(db, a); fault.KindOf(err) != fault.NotFound {
		t.Fatalf("load deleted: %v", err)
	}
}

func TestListShowsBrokenAudienceInsteadOfFailing(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	must(t, db.Create(&model.Offer{ID: 5, Name: "Five", Status: "active", Visibility: model.VisibilityPrivate}).Error)
	_, err := Save(ctx, db, Saved{Name: "Approved five", Rules: one(Rule{Field: FieldApprovedOffer, IDs: []int64{5}})})
	must(t, err)
	must(t, db.Delete(&model.Offer{}, 5).Error)
	list, err := List(ctx, db, time.Now(), time.UTC)
	must(t, err)
	if len(list) != 1 || !strings.Contains(list[0].SizeError, "unknown offer 5") {
		t.Fatalf("list = %+v", list)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := openStore(t)
	must(t, src.Create(&model.Offer{ID: 3, Name: "Three", Status: "active", Visibility: model.VisibilityPublic}).Error)
	rules := Rules{Kind: model.AudiencePartners, Groups: []Group{
		{Rules: []Rule{activeOnly, {Field: FieldPerformance, Metric: "profit", Op: "between", Value: 100, Value2: 900, Period: &Period{Kind: PeriodCustom, From: "2026-10-01", To: "2026-10-31"}}}},
		{Rules: []Rule{{Field: FieldRunningOffer, IDs: []int64{3}, Exclude: true, Period: &Period{Kind: PeriodLastDays, Days: 14}}}},
	}}
	_, err := Save(ctx, src, Saved{Name: "Profitable", Description: "October", Rules: rules})
	must(t, err)
	_, err = Save(ctx, src, Saved{Name: "Advertisers", Rules: Rules{Kind: model.AudienceAdvertisers, Groups: []Group{{Rules: []Rule{activeOnly}}}}})
	must(t, err)
	doc, err := Export(ctx, src, nil)
	must(t, err)

	dst := openStore(t) // no offer 3 here: that audience must be reported, the other imported
	res, err := Import(ctx, dst, doc)
	must(t, err)
	if res.Created != 1 || len(res.Errors) != 1 || !strings.Contains(res.Errors[0], `"Profitable"`) || !strings.Contains(res.Errors[0], "unknown offer 3") {
		t.Fatalf("import into a network without offer 3: %+v", res)
	}
	must(t, dst.Create(&model.Offer{ID: 3, Name: "Three", Status: "active", Visibility: model.VisibilityPublic}).Error)
	res, err = Import(ctx, dst, doc)
	must(t, err)
	if res.Created != 1 || res.Updated != 1 || len(res.Errors) != 0 {
		t.Fatalf("second import: %+v", res)
	}
	again, err := Export(ctx, dst, nil)
	must(t, err)
	if again != doc {
		t.Fatalf("round trip changed the document:\n%s\n---\n%s", doc, again)
	}
	for _, bad := range []string{"[1,2]", `{"format":"other","version":1}`, `{"format":"commhub.audiences","version":2}`, `{"format":"commhub.audiences","version":1,"extra":1}`} {
		if _, err := Import(ctx, dst, bad); fault.KindOf(err) != fault.Invalid {
			t.Errorf("import %s: %v, want invalid", bad, err)
		}
	}
}

func TestStartersAreValidAndPickBusiestOffer(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	for id := int64(1); id <= 2; id++ {
		must(t, db.Create(&model.Offer{ID: id, Name: "O", Status: "active", Visibility: model.VisibilityPublic}).Error)
	}
	must(t, db.Create(&model.DailyStat{Date: "2026-11-27", PartnerID: 1, OfferID: 1, Clicks: 5}).Error)
	must(t, db.Create(&model.DailyStat{Date: "2026-11-26", PartnerID: 1, OfferID: 2, Clicks: 50}).Error)
	must(t, db.Create(&model.DailyStat{Date: "2026-09-26", PartnerID: 1, OfferID: 1, Clicks: 500}).Error)
	starters, err := Starters(ctx, db, now, time.UTC)
	must(t, err)
	if len(starters) != 5 {
		t.Fatalf("%d starters", len(starters))
	}
	for _, s := range starters {
		if _, err := Validate(ctx, db, s.Rules); err != nil {
			t.Errorf("starter %s: %v", s.Key, err)
		}
		if s.Key == "running_offer" && s.Rules.Groups[0].Rules[0].IDs[0] != 2 {
			t.Errorf("running offer starter picks %v, want offer 2", s.Rules.Groups[0].Rules[0].IDs)
		}
	}
}

func TestResolveStopsOnCallbackError(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	for i := int64(1); i <= 10; i++ {
		must(t, db.Create(&model.Partner{ID: i, Name: "P", Email: "p@x.example", Status: "active"}).Error)
	}
	calls := 0
	stop := fault.Conflictf("stop")
	err := ResolveIn(ctx, db, one(activeOnly), time.Now(), time.UTC, func(int64) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 3 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
}
