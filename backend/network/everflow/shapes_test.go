package everflow

import (
	"encoding/json"
	"strings"
	"testing"
)

// Labels and users arrive in more than one shape; each reads to the same tags and contact.
func TestLabelAndUserShapes(t *testing.T) {
	for _, raw := range []string{
		`{"labels": ["vip", "email"]}`,
		`{"relationship": {"labels": {"total": 2, "entries": ["vip", "email"]}}}`,
		`{"relationship": {"labels": {"total": 2, "entries": [{"name": "vip"}, {"name": "email"}]}}}`,
	} {
		var af affiliate
		if err := json.Unmarshal([]byte(raw), &af); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if got := strings.Join(af.partner().Tags, ","); got != "vip,email" && got != "email,vip" {
			t.Errorf("%s: tags %q", raw, got)
		}
	}
	for raw, want := range map[string]string{
		`{"users": [{"email": "a@x.test"}, {"email": "p@x.test", "is_primary": true}]}`:                                   "p@x.test",
		`[{"email": "", "first_name": "No"}, {"email": "b@x.test", "account_status": "inactive"}, {"email": "c@x.test"}]`: "c@x.test",
		`{"entries": [{"email": "d@x.test", "account_status": "inactive"}]}`:                                              "d@x.test",
		`{"users": []}`: "",
	} {
		var l userList
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if got := l.primary().Email; got != want {
			t.Errorf("%s: user %q, want %q", raw, got, want)
		}
	}
	var af affiliate
	json.Unmarshal([]byte(`{"network_affiliate_id": 1, "network_employee_id": 9, "relationship": {"contact_address": {"country_code": "fr"}}}`), &af)
	if p := af.partner(); p.AccountManagerID == nil || *p.AccountManagerID != 9 || p.Country != "FR" {
		t.Errorf("without account_manager_id or network_country_code: manager %v, country %q", p.AccountManagerID, p.Country)
	}
	if strings.TrimSpace(af.managerName()) != "" {
		t.Error("no manager name was given")
	}
}
