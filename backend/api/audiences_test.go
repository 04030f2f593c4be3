package api

import (
	"strings"
	"testing"
	"time"

	"commhub/backend/audience"
	"commhub/backend/fault"
	"commhub/backend/store"
	"commhub/backend/store/storetest"
)

// The Audiences service over the demo network: the same calls the editor makes.
func TestAudiencesServiceOverDemoNetwork(t *testing.T) {
	s := storetest.Open(t)
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	if _, err := store.SeedDemoIfEmpty(s, now); err != nil {
		t.Fatal(err)
	}
	a := New(Deps{Store: s, Now: func() time.Time { return now }}).Audiences

	starters, err := a.Starters()
	if err != nil || len(starters) != 5 {
		t.Fatalf("starters %v %v", starters, err)
	}
	var total int64
	for _, st := range starters {
		c, err := a.Count(st.Rules)
		if err != nil {
			t.Fatalf("count %s: %v", st.Key, err)
		}
		total += c.Count
	}
	if total == 0 {
		t.Fatal("every starter selects nobody in the demo network")
	}
	revenue := starters[1].Rules
	sample, err := a.Sample(revenue, "", 10)
	if err != nil || sample.Metric != "revenue" || len(sample.Items) == 0 || *sample.Items[0].Metric <= 0 {
		t.Fatalf("sample %+v %v", sample, err)
	}

	bad := audience.Rules{Groups: []audience.Group{{Rules: []audience.Rule{{Field: audience.FieldApprovedOffer, IDs: []int64{987654}}}}}}
	if _, err := a.Count(bad); fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), "group 1 rule 1 (approved_offer): unknown offer 987654") {
		t.Fatalf("bad rules: %v", err)
	}

	id, err := a.Save(audience.Saved{Name: "Revenue", Rules: revenue})
	if err != nil {
		t.Fatal(err)
	}
	list, err := a.List()
	if err != nil || len(list) != 1 || list[0].ID != id || list[0].Size == 0 {
		t.Fatalf("list %+v %v", list, err)
	}
	doc, err := a.Export(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(id); err != nil {
		t.Fatal(err)
	}
	res, err := a.Import(doc)
	if err != nil || res.Created != 1 {
		t.Fatalf("import %+v %v", res, err)
	}
	list, _ = a.List()
	got, err := a.Get(list[0].ID)
	if err != nil || got.Name != "Revenue" || len(got.Rules.Groups[0].Rules) != 2 {
		t.Fatalf("get %+v %v", got, err)
	}
}
