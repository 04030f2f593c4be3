package rpc

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"commhub/backend/api"
	"commhub/backend/host"
	"commhub/backend/network"
)

// TestEveryBoundMethodIsDocumented keeps docs/api.md complete: adding a method to a bound
// service without a "### Service.Method" section fails here, and so does a section for a
// method of a bound service that no longer exists.
func TestEveryBoundMethodIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^### ([A-Z]\w*)\.([A-Z]\w*)\s*$`).FindAllStringSubmatch(string(doc), -1) {
		documented[m[1]+"."+m[2]] = true
	}
	d, err := NewDispatcher(api.New(api.Deps{}).Bound())
	if err != nil {
		t.Fatalf("a bound service has a method the bridge cannot serve: %v", err)
	}
	var missing, stale []string
	bound := map[string]bool{}
	for _, svc := range d.Services() {
		for _, m := range d.Methods(svc) {
			bound[svc+"."+m] = true
			if !documented[svc+"."+m] {
				missing = append(missing, svc+"."+m)
			}
		}
	}
	for name := range documented {
		svc, _, _ := strings.Cut(name, ".")
		if d.Methods(svc) != nil && !bound[name] {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	if len(missing) > 0 {
		t.Errorf("docs/api.md has no section for %s: add a \"### Service.Method\" heading with its arguments, result and errors for each",
			strings.Join(missing, ", "))
	}
	if len(stale) > 0 {
		t.Errorf("docs/api.md documents %s, which the bound services do not have: remove or rename those sections",
			strings.Join(stale, ", "))
	}
	if len(bound) == 0 {
		t.Fatal("no bound methods found: the check would pass vacuously")
	}
}

// TestRealServicesRejectBadInputWithoutTouchingTheData runs the actual services over a
// seeded store and aims bad calls at the one method that deletes everything.
func TestRealServicesRejectBadInputWithoutTouchingTheData(t *testing.T) {
	h, err := host.Open(host.Options{DataDir: t.TempDir(), Now: func() time.Time {
		return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Stop)
	handler, err := NewHandler(Config{Services: h.Services.Bound(), Token: testToken, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	b := &bridge{t: t, srv: srv}
	summary := func() network.Summary {
		r := b.call("/rpc/Network.Summary", `[]`)
		var s network.Summary
		if r.status != 200 || json.Unmarshal(r.body, &s) != nil {
			t.Fatalf("Summary: %d %s", r.status, r.body)
		}
		return s
	}
	before := summary()
	if !before.Demo || before.Partners == 0 {
		t.Fatalf("expected the demo network, got %+v", before)
	}
	for _, c := range []struct {
		path, auth, body string
		status           int
		says             string
	}{
		{"/rpc/Network.ClearDemo", "Bearer " + testToken, `[true]`, 400, "Network.ClearDemo takes no arguments, got 1"},
		{"/rpc/Network.ClearDemo", "Bearer " + testToken, `[`, 400, "not valid JSON"},
		{"/rpc/Network.ClearDemo", "", `[]`, 401, "missing token"},
		{"/rpc/Network.ClearDemo", "Bearer " + testToken + "x", `[]`, 401, "wrong token"},
		{"/rpc/Network.cleardemo", "Bearer " + testToken, `[]`, 404, "did you mean Network.ClearDemo?"},
		{"/rpc/Network.ListPartners", "Bearer " + testToken, `[{"page":"2"}]`, 400,
			`Network.ListPartners argument 1 (an object (network.PartnerQuery)): field "page" must be an integer, got a JSON string`},
		{"/rpc/Network.ListPartners", "Bearer " + testToken, `[{"sort":"shoe size"}]`, 400, `cannot sort by "shoe size"`},
		{"/rpc/Network.GetPartner", "Bearer " + testToken, `["12"]`, 400, "Network.GetPartner argument 1 (an integer): expected an integer, got a JSON string"},
		{"/rpc/Network.GetPartner", "Bearer " + testToken, `[999999999]`, 404, "does not exist"},
	} {
		r := b.do("POST", c.path, c.auth, c.body)
		if r.status != c.status || r.Error == nil || !strings.Contains(r.Error.Message, c.says) {
			t.Errorf("%s %s: got %d %s, want %d saying %q", c.path, c.body, r.status, r.body, c.status, c.says)
		}
	}
	if after := summary(); !reflect.DeepEqual(after, before) {
		t.Fatalf("bad calls changed the data: %+v -> %+v", before, after)
	}
	if r := b.call("/rpc/Network.ClearDemo", `[]`); r.status != 200 || strings.TrimSpace(string(r.body)) != "null" {
		t.Fatalf("ClearDemo: %d %s", r.status, r.body)
	}
	if after := summary(); after.Demo || after.Partners != 0 {
		t.Fatalf("a good ClearDemo should empty the network, got %+v", after)
	}
}
