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
	if n := count(t, st, "SELECT count(*) FROM partners WHERE email = 'a16@example.com' AND first_name = 'First' AND country = 'DE' AND tags = ',email,tier1,' AND status = 'active' AND account_manager_id = 3"); n != 1 {
		t.Error("partner 16 not stored with the e-mail of its user (asked for with relationship=users), country, labels from the relationship block and account manager")
	}
	if n := count(t, st, "SELECT count(*) FROM partners WHERE id = 12 AND email = 'prime12@example.com' AND first_name = 'Prime' AND last_name = '12'"); n != 1 {
		t.Error("partner 12 has no user in the table: its primary user from the users endpoint is not stored")
	}
	if n := count(t, st, "SELECT count(*) FROM partners WHERE email = ''"); n != 40 {
		t.Errorf("partners 30, 60, … have no user anywhere: %d without e-mail, want 40", n)
	}
	if n := count(t, st, "SELECT count(*) FROM partners WHERE id = 4 AND account_manager_id = 5"); n != 1 {
		t.Error("partner 4's account manager is read from account_manager_id")
	}
	if n := count(t, st, "SELECT count(*) FROM employees WHERE id = 3 AND name = 'Mia Manager' AND role = 'Account manager'"); n != 1 || rep.Employees != 2 {
		t.Errorf("employees: %d stored as expected, report %d", n, rep.Employees)
	}
	if n := count(t, st, "SELECT count(*) FROM employees WHERE (id = 4 AND name = 'Olav Ops') OR (id = 5 AND name = 'Nora New')"); n != 2 {
		t.Error("employee 4 (employee_id, full_name) and manager 5 (named only on partner rows) are on the team")
	}
	if n := count(t, st, "SELECT count(*) FROM advertisers WHERE id = 1 AND contact_email = 'ada@brand1.example' AND account_manager_id = 3"); n != 1 {
		t.Error("advertiser 1's contact comes from the advertiser users endpoint")
	}
	if n := count(t, st, "SELECT count(*) FROM offers WHERE payout_type = 'cpa' AND payout_cents = 250 AND revenue_cents = 410 AND currency = 'EUR'"); n != 3 {
		t.Errorf("CPA offers with money: %d", n)
	}
	if n := count(t, st, "SELECT count(*) FROM offers WHERE id = 3 AND payout_type = 'cps' AND payout_percent = 12"); n != 1 {
		t.Error("offer 3 is stored as a 12% CPS offer")
	}
	if len(rep.Missing) != 2 || rep.Missing[1].Phase != "partners" || !strings.HasPrefix(rep.Missing[1].Text, "40 partners have no user with an e-mail") ||
		!strings.HasPrefix(rep.Missing[0].Text, "1 advertiser has no contact e-mail") {
		t.Errorf("report of what is missing: %+v", rep.Missing)
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
	if count(t, st, "SELECT count(*) FROM partners WHERE id = 4 AND encoded_id = ?", everflowtest.Code(4)) != 1 ||
		count(t, st, "SELECT count(*) FROM offers WHERE encoded_id <> ''") != 4 || count(t, st, "SELECT count(*) FROM partners WHERE encoded_id = ''") != 0 {
		t.Error("every partner and offer has its encoded ID (offerstable's encoded_value, else the encode endpoint)")
	}
	if rep.Encoded != 1203+2 || rep.Links != 0 || f.Count("/networks/tracking/offers/clicks") != 0 {
		t.Errorf("encoded IDs come from the encode endpoint, not from tracking links: encoded %d, links %d", rep.Encoded, rep.Links)
	}
	if got := f.Count("/networks/encode"); got != 13+1 {
		t.Errorf("1203 partners in batches of 100 and 2 offers take 14 encode requests, took %d", got)
	}
	if strings.Join(phases, ",") != "employees,advertisers,partners,offers,approvals,stats,links,done" {
		t.Errorf("progress phases %v", phases)
	}

	// Incremental: nothing was saved on the platform since, so partners are not rewritten;
	// offers are read whole every time (a custom payout does not change time_saved).
	rep2, err := s.Run(context.Background(), a, "2026-11-22", "2026-11-22")
	if err != nil {
		t.Fatal(err)
	}
	if rep2.Partners != 0 || rep2.Offers != 4 || rep2.Stats != 3 || rep2.Encoded != 0 {
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

// Answers that say no requests remain in the window make the next request wait for the
// window to pass, before any 429.
func TestRateLimitHeadersPaceRequests(t *testing.T) {
	f := newServer(t, 30, 2)
	f.RateLimit = 5
	st, a, rec := setup(t, f)
	s := &platform.Sync{DB: st.DB}
	if _, err := s.Run(context.Background(), a, "2026-11-01", "2026-11-01"); err != nil {
		t.Fatal(err)
	}
	if len(rec.waits) == 0 || len(rec.waits) != f.Requests()/5 {
		t.Fatalf("%d requests with 5 allowed per window: want a pause after every fifth, paused %v", f.Requests(), rec.waits)
	}
	for _, w := range rec.waits {
		if w != time.Second {
			t.Fatalf("pauses last the one-second window: %v", rec.waits)
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
