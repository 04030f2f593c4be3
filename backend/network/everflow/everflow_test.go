package everflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"commhub/backend/network/everflow"
	"commhub/backend/network/everflow/everflowtest"
	"commhub/backend/network/platform"
	"commhub/backend/store"
	"commhub/backend/store/storetest"

	"commhub/backend/events"
)

type recorder struct{ waits []time.Duration }

func (r *recorder) sleep(_ context.Context, d time.Duration) error {
	r.waits = append(r.waits, d)
	return nil
}

func setup(t *testing.T, f *everflowtest.Server) (*store.Store, *everflow.Adapter, *recorder) {
	st := storetest.Open(t)
	a := everflow.New(f.Base(), everflowtest.APIKey)
	rec := &recorder{}
	a.C.Sleep = rec.sleep
	return st, a, rec
}

func count(t *testing.T, st *store.Store, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := st.DB.Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSyncPagesBacksOffAndStoresEverything(t *testing.T) {
	f := newServer(t, 1203, 4)
	f.Fail("/networks/offerstable", everflowtest.Failure{Status: 429, RetryAfter: "7", Body: `{"Error":"rate limited"}`})
	f.Fail("/networks/advertiserstable", everflowtest.Failure{Status: 503}, everflowtest.Failure{Status: 502})
	st, a, rec := setup(t, f)
	var phases []string
	sink := sinkFunc(func(name events.Name, data any) {
		if p, ok := data.(platform.Progress); ok && (len(phases) == 0 || phases[len(phases)-1] != p.Phase) {
			phases = append(phases, p.Phase)
		}
	})
	s := &platform.Sync{DB: st.DB, Events: sink, Now: func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }}
	rep, err := s.Run(context.Background(), a, "2026-11-20", "2026-11-22")
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if rep.Partners != 1203 || rep.Offers != 4 || rep.Advertisers != 3 || rep.Approvals != 1203 {
		t.Fatalf("report %+v", rep)
	}
	if got := f.Count("/networks/affiliatestable"); got != 3 {
		t.Errorf("1203 affiliates in pages of 500 take 3 requests, took %d", got)
	}
	if len(rec.waits) != 3 || rec.waits[0] != time.Second || rec.waits[1] != 2*time.Second || rec.waits[2] != 7*time.Second {
		t.Errorf("back-off: two 5xx (1s, 2s), then a 429 with Retry-After: 7; waited %v", rec.waits)
	}
	if n := count(t, st, "SELECT count(*) FROM partners WHERE email = 'a16@example.com' AND country = 'DE' AND tags = ',email,tier1,' AND status = 'active'"); n != 1 {
		t.Error("partner 16 not stored with its user's e-mail, country and labels")
	}
	if n := count(t, st, "SELECT count(*) FROM employees WHERE id = 3 AND name = 'Mia Manager' AND role = 'Account manager'"); n != 1 || rep.Employees != 2 {
		t.Errorf("employees: %d stored as expected, report %d", n, rep.Employees)
	}
	if n := count(t, st, "SELECT count(*) FROM offers WHERE visibility = 'require_approval' AND payout_cents = 250 AND revenue_cents = 410 AND currency = 'EUR'"); n != 2 {
		t.Errorf("offers with visibility and money: %d", n)
	}
	if n := count(t, st, "SELECT sum(clicks) FROM daily_stats"); n != 3*60 {
		t.Errorf("three days of 10+20+30 clicks: %d", n)
	}
	if strings.Join(f.ReportDays(), ",") != "2026-11-20,2026-11-21,2026-11-22" {
		t.Errorf("one report per day: %v", f.ReportDays())
	}
	if n := count(t, st, "SELECT count(*) FROM approvals WHERE status = 'approved'"); n == 0 {
		t.Error("no approvals stored")
	}
	if rep.Links == 0 || count(t, st, "SELECT count(*) FROM partners WHERE id = 4 AND encoded_id = ?", everflowtest.Code(4)) != 1 {
		t.Errorf("tracking links: %d; partner 4 encoded id not taken from its link", rep.Links)
	}
	want := "https://trk.example.com/" + everflowtest.Code(4) + "/" + everflowtest.Code(2) + "/"
	if count(t, st, "SELECT count(*) FROM tracking_links WHERE partner_id = 4 AND offer_id = 2 AND url = ?", want) != 1 {
		t.Errorf("partner 4's link for offer 2 is not stored as %s", want)
	}
	if strings.Join(phases, ",") != "employees,advertisers,partners,offers,approvals,stats,links,done" {
		t.Errorf("progress phases %v", phases)
	}

	// Incremental: nothing was saved on the platform since, so entities are not rewritten.
	rep2, err := s.Run(context.Background(), a, "2026-11-22", "2026-11-22")
	if err != nil {
		t.Fatal(err)
	}
	if rep2.Partners != 0 || rep2.Offers != 0 || rep2.Stats != 3 {
		t.Errorf("second run should only refresh stats: %+v", rep2)
	}
}

// A day Everflow reports as incomplete is a warning, once: its partial figures and the
// other days are stored, the run succeeds and stats count as synced.
func TestIncompleteReportDayIsAWarning(t *testing.T) {
	f := newServer(t, 5, 2)
	f.IncompleteDay = "2026-11-21"
	st, a, _ := setup(t, f)
	s := &platform.Sync{DB: st.DB, Now: func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }}
	rep, err := s.Run(context.Background(), a, "2026-11-20", "2026-11-22")
	if err != nil {
		t.Fatalf("an incomplete day must not fail the sync: %v", err)
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "incomplete results for 2026-11-21") {
		t.Errorf("want one warning naming 2026-11-21, got %q", rep.Warnings)
	}
	if n := count(t, st, "SELECT count(*) FROM daily_stats"); rep.Stats != 9 || n != 9 {
		t.Errorf("three days of three rows each: report %d, stored %d", rep.Stats, n)
	}
	synced, err := platform.State(st.DB, "everflow")
	if err != nil {
		t.Fatal(err)
	}
	if synced["stats"].IsZero() || synced["links"].IsZero() {
		t.Errorf("stats and the phases after them are marked synced: %v", synced)
	}
}

func TestMalformedAnswersAndBadKeysStopWithAClearError(t *testing.T) {
	f := newServer(t, 5, 2)
	f.Fail("/networks/applicationstable", everflowtest.Failure{Status: 200, Body: "<html>maintenance</html>"})
	st, a, _ := setup(t, f)
	s := &platform.Sync{DB: st.DB}
	rep, err := s.Run(context.Background(), a, "2026-11-01", "2026-11-01")
	if err == nil || !strings.Contains(err.Error(), "sync approvals") || !strings.Contains(err.Error(), "not the JSON expected") {
		t.Fatalf("malformed answer: %v", err)
	}
	if rep.Partners != 5 || count(t, st, "SELECT count(*) FROM partners") != 5 {
		t.Errorf("phases before the failure keep their rows: %+v", rep)
	}
	state, _ := platform.State(st.DB, "everflow")
	if _, ok := state["approvals"]; ok {
		t.Error("a failed phase must not be marked synced")
	}
	if _, ok := state["partners"]; !ok {
		t.Error("partners phase should be marked synced")
	}

	bad := everflow.New(f.Base(), "wrong")
	_, err = s.Run(context.Background(), bad, "2026-11-01", "2026-11-01")
	if err == nil || !strings.Contains(err.Error(), "refused the API key") {
		t.Fatalf("bad key: %v", err)
	}
	f.Fail("/networks/advertiserstable", everflowtest.Failure{Status: 500}, everflowtest.Failure{Status: 500}, everflowtest.Failure{Status: 500}, everflowtest.Failure{Status: 500}, everflowtest.Failure{Status: 500}, everflowtest.Failure{Status: 500}, everflowtest.Failure{Status: 500})
	_, err = s.Run(context.Background(), a, "2026-11-01", "2026-11-01")
	if err == nil || !strings.Contains(err.Error(), "500") {
		t.Fatalf("persistent 5xx gives up after the retries: %v", err)
	}
	if _, err = s.Run(context.Background(), a, "2026-11-05", "2026-11-01"); err == nil || !strings.Contains(err.Error(), "ends") {
		t.Fatalf("reversed range: %v", err)
	}
}

func TestEncodedIDsFromLinks(t *testing.T) {
	for link, want := range map[string][2]string{
		"https://trk.example.com/AB12/CD34/": {"AB12", "CD34"},
		"https://trk.example.com/AB12/CD34":  {"AB12", "CD34"},
	} {
		p, o, ok := platform.EncodedIDs(link)
		if !ok || p != want[0] || o != want[1] {
			t.Errorf("%s: %s %s %v", link, p, o, ok)
		}
	}
	for _, link := range []string{"https://trk.example.com/click?aff=1&offer=2", "https://trk.example.com/a/b/c/", "::"} {
		if _, _, ok := platform.EncodedIDs(link); ok {
			t.Errorf("%s should not yield encoded IDs", link)
		}
	}
}

type sinkFunc func(events.Name, any)

func (f sinkFunc) Emit(name events.Name, data any) { f(name, data) }

func newServer(t *testing.T, affiliates, offers int) *everflowtest.Server {
	f := everflowtest.New(affiliates, offers)
	t.Cleanup(f.Close)
	return f
}
