package compose

import (
	"context"
	"testing"

	"commhub/backend/audience"
	"commhub/backend/fault"
	"commhub/backend/model"
	"commhub/backend/store/storetest"
)

// A saved audience streams its partners into the decisions, merged with picked IDs
// without duplicates; an audience of the wrong kind is refused.
func TestRecipientsFromSavedAudience(t *testing.T) {
	st := storetest.Open(t)
	saveSettings(t, st.DB, nil)
	seedNetwork(t, st.DB)
	ctx := context.Background()
	rules := audience.Rules{Kind: model.AudiencePartners, Groups: []audience.Group{{Rules: []audience.Rule{
		{Field: audience.FieldStatus, Values: []string{model.StatusInactive, model.StatusSuspended}},
	}}}}
	aid, err := audience.Save(ctx, st.DB, audience.Saved{Name: "Dormant ones", Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	m := model.Message{Subject: "Hi", Body: "<p>x</p>", Recipients: model.RecipientSpec{AudienceID: &aid, IDs: []int64{3, 1}}}
	c := mustCompile(t, st.DB, saveMessage(t, st.DB, m))
	var got []int64
	err = c.Recipients(ctx, func(d Decision) error {
		got = append(got, d.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0] != 3 || got[1] != 4 || got[2] != 1 {
		t.Fatalf("recipients %v, want the audience (3, 4) then the picked 1", got)
	}

	adv := model.Message{RecipientKind: model.RecipientAdvertisers, Subject: "Hi", Body: "<p>x</p>", Recipients: model.RecipientSpec{AudienceID: &aid}}
	id := saveMessage(t, st.DB, adv)
	if _, err := Compile(ctx, st.DB, id, testNow); fault.KindOf(err) != fault.Invalid {
		t.Fatalf("an audience of partners for an advertiser message compiled: %v", err)
	}
}
