package delivery

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"commhub/backend/fault"
	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
)

func TestRunLogQueriesAndExport(t *testing.T) {
	rs := recipients(30)
	rs[4].Name = "=HYPERLINK(\"x\")" // a formula must not survive into the CSV
	faults := func(rcpt string, n int) smtptest.Fault {
		if rcpt == "p7@example.test" {
			return smtptest.Fault{Rcpt: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "unknown user"}}
		}
		return smtptest.Fault{}
	}
	h := newHarness(t, rs, faults, model.SMTPProfile{})
	runID := h.send()
	h.wait(runID)

	runs, err := ListRuns(h.st.DB, 0, 0)
	if err != nil || len(runs) != 1 || runs[0].Totals.Sent != 29 || runs[0].Totals.Failed != 1 || runs[0].ProfileName != "sink" {
		t.Fatalf("runs %+v %v", runs, err)
	}
	d, err := GetRun(h.st.DB, runID)
	if err != nil {
		t.Fatal(err)
	}
	var sent, failed int64
	for _, p := range d.Series {
		sent += p.Sent
		failed += p.Failed
	}
	if sent != 29 || failed != 1 || d.BucketSeconds < 1 {
		t.Fatalf("series adds up to %d sent, %d failed (bucket %ds)", sent, failed, d.BucketSeconds)
	}
	if _, err := GetRun(h.st.DB, 999); fault.KindOf(err) != fault.NotFound {
		t.Fatalf("missing run: %v", err)
	}

	page, err := Recipients(h.st.DB, runID, model.DeliveryFailed, "", 1, 10)
	if err != nil || page.Total != 1 || !strings.Contains(page.Rows[0].Reason, "5.1.1") {
		t.Fatalf("failed filter: %+v %v", page, err)
	}
	page, _ = Recipients(h.st.DB, runID, "", "P2", 1, 5)
	if page.Total != 11 || len(page.Rows) != 5 { // p2, p20..p29
		t.Fatalf("search P2: total %d rows %d", page.Total, len(page.Rows))
	}
	if _, err := Recipients(h.st.DB, runID, "delivered", "", 1, 5); fault.KindOf(err) != fault.Invalid {
		t.Fatalf("bad status: %v", err)
	}

	var b strings.Builder
	if err := ExportCSV(h.st.DB, runID, "", "", &b); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil || len(recs) != 31 {
		t.Fatalf("csv: %d records %v", len(recs), err)
	}
	if recs[5][2] != "'=HYPERLINK(\"x\")" {
		t.Errorf("formula cell exported as %q", recs[5][2])
	}
}

func TestSuppressionListImportExport(t *testing.T) {
	h := newHarness(t, nil, nil, model.SMTPProfile{})
	db := h.st.DB
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	in := "Email,Reason,Note\n" +
		"Ana@Example.com,unsubscribed,asked by phone\n" +
		"bob@,bounced,\n" +
		"carl@example.com,spam,\n" +
		"dora@example.com,,\n" +
		"ana@example.com,manual,again\n"
	res, err := ImportSuppressionsCSV(db, strings.NewReader(in), model.SuppressComplained, now)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 2 || len(res.Problems) != 3 {
		t.Fatalf("import: %+v", res)
	}
	for i, want := range []string{"line 3: \"bob@\" is not an email address", "line 4: \"spam\" is not a suppression reason", "line 6: ana@example.com is listed twice"} {
		if !strings.HasPrefix(res.Problems[i], want) {
			t.Errorf("problem %d: %q, want %q…", i, res.Problems[i], want)
		}
	}
	res, _ = ImportSuppressionsCSV(db, strings.NewReader("ana@example.com,bounced\n"), "", now)
	if res.Added != 0 || res.Updated != 1 {
		t.Fatalf("re-import: %+v", res)
	}
	page, err := ListSuppressions(db, "", "", 1, 50)
	if err != nil || page.Total != 2 || page.Counts[model.SuppressBounced] != 1 || page.Counts[model.SuppressComplained] != 1 {
		t.Fatalf("list: %+v %v", page, err)
	}
	if _, err := Suppress(db, "not-an-address", model.SuppressManual, "", now); fault.KindOf(err) != fault.Invalid {
		t.Fatalf("bad address: %v", err)
	}
	if _, err := Suppress(db, "Eve@Example.com", model.SuppressManual, "by hand", now); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := ExportSuppressionsCSV(db, &b); err != nil {
		t.Fatal(err)
	}
	want := "email,reason,at,note\nana@example.com,bounced,2026-11-28T09:00:00Z,asked by phone\n" +
		"dora@example.com,complained,2026-11-28T09:00:00Z,\neve@example.com,manual,2026-11-28T09:00:00Z,by hand\n"
	if b.String() != want {
		t.Fatalf("export:\n%s\nwant:\n%s", b.String(), want)
	}
	if n, _ := Unsuppress(db, []string{"EVE@example.com", "nobody@example.com"}); n != 1 {
		t.Fatalf("unsuppress removed %d", n)
	}
}
