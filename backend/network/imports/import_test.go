package imports

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"commhub/backend/fault"

	"commhub/backend/events"
)

func TestEverflowHeadersMapAndImportIsIdempotent(t *testing.T) {
	_, db := openStore(t)
	first := run(t, db, "partners", "partners.csv", everflowPartners, Options{})
	if counts(first) != [3]int{3, 0, 0} || len(first.Errors) != 0 {
		t.Fatalf("first import: %+v", first)
	}
	second := run(t, db, "partners", "partners.csv", everflowPartners, Options{})
	if counts(second) != [3]int{0, 0, 3} || len(second.Errors) != 0 {
		t.Fatalf("second import must change nothing: %+v", second)
	}
	changed := strings.Replace(everflowPartners, "Blue Media,pending", "Blue Media,suspended", 1)
	third := run(t, db, "partners", "partners.csv", changed, Options{})
	if counts(third) != [3]int{0, 1, 2} {
		t.Fatalf("one changed row: %+v", third)
	}
	if got := scalar[string](t, db, "SELECT name FROM partners WHERE id = 101"); got != "Acme, Inc." {
		t.Errorf("quoted delimiter: name = %q", got)
	}
	if got := scalar[string](t, db, "SELECT name FROM partners WHERE id = 103"); got != "Multi\nLine Co" {
		t.Errorf("quoted newline: name = %q", got)
	}
	if got := scalar[string](t, db, "SELECT tags FROM partners WHERE id = 101"); got != ",vip,email," {
		t.Errorf("labels become tags: %q", got)
	}
	if got := scalar[string](t, db, "SELECT status FROM partners WHERE id = 102"); got != "suspended" {
		t.Errorf("status = %q", got)
	}
	if got := scalar[string](t, db, "SELECT country FROM partners WHERE id = 101"); got != "US" {
		t.Errorf("country = %q", got)
	}
}

func TestDetectProposesMappingAndPreview(t *testing.T) {
	d, err := Detect(BytesFile("p.csv", []byte(everflowPartners+"104,Extra,active,x@y.example,,,,\n")), "partners", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"id": "Partner ID", "name": "Partner", "status": "Account Status", "tags": "Labels",
		"email": "Email", "country": "Country", "accountManager": "Account Manager ID", "createdAt": "Created"}
	for k, v := range want {
		if d.Mapping[k] != v {
			t.Errorf("mapping[%s] = %q, want %q", k, d.Mapping[k], v)
		}
	}
	if len(d.Preview) != 4 || d.PreviewLines[2] != 4 || d.PreviewLines[3] != 6 {
		t.Errorf("preview lines %v (a quoted newline spans lines 4-5)", d.PreviewLines)
	}
	if len(d.Missing) != 0 || len(d.Unmapped) != 0 {
		t.Errorf("missing %v unmapped %v", d.Missing, d.Unmapped)
	}
	offers, err := Detect(BytesFile("o.csv", []byte("Offer ID,Offer,Visibility,Revenue,Payout,Advertiser ID\n1,A,Require Approval,$1.50,1\n")), "offers", nil)
	if err != nil {
		t.Fatal(err)
	}
	if offers.Mapping["visibility"] != "Visibility" || offers.Mapping["revenue"] != "Revenue" || offers.Mapping["advertiser"] != "Advertiser ID" {
		t.Errorf("offer mapping %v", offers.Mapping)
	}
}

func TestMappingOverrideAndMissingRequiredColumn(t *testing.T) {
	_, db := openStore(t)
	csv := "Ref,Full name,Mail\n9,Nine,nine@n.example\n"
	_, err := Run(context.Background(), db, BytesFile("p.csv", []byte(csv)), "partners", Options{})
	if fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), "Partner ID") || !strings.Contains(err.Error(), "Ref, Full name, Mail") {
		t.Fatalf("want an invalid error naming the missing field and the columns, got %v", err)
	}
	res := run(t, db, "partners", "p.csv", csv, Options{Mapping: Mapping{"id": "Ref", "name": "Full name", "email": "Mail"}})
	if counts(res) != [3]int{1, 0, 0} {
		t.Fatalf("%+v", res)
	}
	_, err = Run(context.Background(), db, BytesFile("p.csv", []byte(csv)), "partners", Options{Mapping: Mapping{"id": "Nope"}})
	if fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), `"Nope"`) {
		t.Fatalf("unknown column: %v", err)
	}
}

func TestBadRowsAreReportedAndGoodRowsImport(t *testing.T) {
	_, db := openStore(t)
	csv := "Partner ID,Partner,Account Status,Email,Created\n" +
		"1,Good One,active,one@good.example,2025-01-02\n" + // line 2
		"2,Bad Mail,active,not-an-email,2025-01-02\n" + // line 3
		"3,Sleepy,Sleeping,s@s.example,2025-01-02\n" + // line 4
		"1,Dup of One,active,dup@good.example,2025-01-02\n" + // line 5
		"abc,No ID,active,a@b.example,2025-01-02\n" + // line 6
		"7,Bad Date,active,d@d.example,31/31/2025\n" + // line 7
		"8,,active,e@e.example,\n" + // line 8: empty name
		"9,\"Quoted, \"\"Nine\"\"\",active,n@n.example,\"Jan 5, 2025\"\n" // line 9
	res := run(t, db, "partners", "partners.csv", csv, Options{})
	if res.Inserted != 2 || res.Rows != 8 {
		t.Fatalf("good rows 1 and 9 import: %+v", res)
	}
	findError(t, res, 3, "Email", `"not-an-email" is not a valid e-mail address`)
	e := findError(t, res, 4, "Account Status", `"Sleeping" is not a partner status`)
	if !strings.Contains(e.Message, "(active, pending, inactive, suspended)") {
		t.Errorf("status error must list the valid values: %q", e.Message)
	}
	findError(t, res, 5, "Partner ID", "duplicate partner 1: already on line 2")
	findError(t, res, 6, "Partner ID", `"abc" is not an ID`)
	findError(t, res, 7, "Created", `"31/31/2025" is not a date`)
	findError(t, res, 8, "Partner", "Name is empty")
	if got := scalar[string](t, db, "SELECT email FROM partners WHERE id = 1"); got != "one@good.example" {
		t.Errorf("the first of two duplicate rows wins: %q", got)
	}
	if got := scalar[string](t, db, `SELECT name FROM partners WHERE id = 9`); got != `Quoted, "Nine"` {
		t.Errorf("escaped quotes: %q", got)
	}
}

func TestDatesInSeveralFormats(t *testing.T) {
	cases := map[string]string{
		"2025-03-04": "2025-03-04", "2025-03-04 10:11:12": "2025-03-04", "2025-03-04T10:11:12Z": "2025-03-04",
		"03/04/2025": "2025-03-04", "13/04/2025": "2025-04-13", "4.3.2025": "2025-03-04", "04.03.2025": "2025-03-04",
		"Mar 4, 2025": "2025-03-04", "4 Mar 2025": "2025-03-04", "2025/03/04": "2025-03-04", "20250304": "2025-03-04",
		"1741046400": "2025-03-04", "3/4/25": "2025-03-04",
	}
	for in, want := range cases {
		got, err := parseDay(in)
		if err != nil || got != want {
			t.Errorf("parseDay(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"2025-02-30", "31/31/2025", "yesterday", "2/30/2025"} {
		if _, err := parseDay(bad); err == nil {
			t.Errorf("parseDay(%q) must fail", bad)
		}
	}
}

func TestMoneyAndCounts(t *testing.T) {
	for in, want := range map[string]int64{"12.5": 1250, "$1,234.56": 123456, "1.234,56 €": 123456, "12,5": 1250,
		"0.005": 1, "USD 3": 300, "-2.10": -210, "1,000": 100000, "": 0} {
		if got, err := parseCents(in); err != nil || got != want {
			t.Errorf("parseCents(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"twelve", "1.2.3x", "%5"} {
		if _, err := parseCents(bad); err == nil {
			t.Errorf("parseCents(%q) must fail", bad)
		}
	}
	if n, err := parseCount("1,204"); err != nil || n != 1204 {
		t.Errorf("parseCount: %d %v", n, err)
	}
	if _, err := parseCount("-3"); err == nil {
		t.Error("negative count must fail")
	}
}

func TestUnreadableFilesFailWithAClearMessage(t *testing.T) {
	_, db := openStore(t)
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
	cases := []struct{ name, content, want string }{
		{"empty.csv", "", "is empty"},
		{"blank.csv", "\n\n", "no rows"},
		{"image.csv", png, "not a text file"},
		{"utf16.csv", "\xff\xfeP\x00a\x00", "UTF-16"},
		{"broken.xlsx", "PK\x03\x04garbage", "not a readable XLSX"},
	}
	for _, c := range cases {
		_, err := Run(context.Background(), db, BytesFile(c.name, []byte(c.content)), "partners", Options{})
		if fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s: want an invalid error containing %q, got %v", c.name, c.want, err)
		}
	}
	if !strings.Contains(func() string {
		_, err := Run(context.Background(), db, BytesFile("image.csv", []byte(png)), "partners", Options{})
		return err.Error()
	}(), "renamed .csv") {
		t.Error("a binary .csv should hint that another format was renamed")
	}
}

func TestHeaderOnlyFileReportsNoRecords(t *testing.T) {
	_, db := openStore(t)
	res := run(t, db, "partners", "p.csv", "Partner ID,Partner\n", Options{})
	if res.Rows != 0 || counts(res) != [3]int{} {
		t.Fatalf("%+v", res)
	}
	findError(t, res, 1, "", "no records")
}

func TestEncodingsAndDelimiters(t *testing.T) {
	_, db := openStore(t)
	cases := []struct{ name, content, wantName string }{
		{"bom.csv", "\xef\xbb\xbfPartner ID,Partner\n1,Zoë\n", "Zoë"},
		{"semicolon.csv", "Partner ID;Partner;Email\n2;\"Semi; Colon\";a@b.example\n", "Semi; Colon"},
		{"tab.tsv", "Partner ID\tPartner\n3\tTabbed, Ltd\n", "Tabbed, Ltd"},
		{"pipe.csv", "Partner ID|Partner\n4|Piped\n", "Piped"},
		{"cp1252.csv", "Partner ID;Partner\n5;Caf\xe9 M\xfcller \x80\n", "Café Müller €"},
		{"crlf.csv", "Partner ID,Partner\r\n6,Windows\r\n", "Windows"},
	}
	for i, c := range cases {
		res := run(t, db, "partners", c.name, c.content, Options{})
		if res.Inserted != 1 || len(res.Errors) != 0 {
			t.Errorf("%s: %+v", c.name, res)
			continue
		}
		if got := scalar[string](t, db, "SELECT name FROM partners WHERE id = ?", i+1); got != c.wantName {
			t.Errorf("%s: name %q, want %q", c.name, got, c.wantName)
		}
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	_, db := openStore(t)
	res := run(t, db, "partners", "p.csv", everflowPartners, Options{DryRun: true})
	if counts(res) != [3]int{3, 0, 0} || !res.DryRun {
		t.Fatalf("%+v", res)
	}
	if n := scalar[int](t, db, "SELECT count(*) FROM partners"); n != 0 {
		t.Fatalf("dry run stored %d partners", n)
	}
	run(t, db, "partners", "p.csv", everflowPartners, Options{})
	changed := strings.Replace(everflowPartners, "pending", "active", 1)
	res = run(t, db, "partners", "p.csv", changed, Options{DryRun: true})
	if counts(res) != [3]int{0, 1, 2} {
		t.Fatalf("dry run against stored rows: %+v", res)
	}
	if got := scalar[string](t, db, "SELECT status FROM partners WHERE id = 102"); got != "pending" {
		t.Fatalf("dry run changed a row: %q", got)
	}
}

func TestApprovalsAndStatsNeedKnownPartnersAndOffers(t *testing.T) {
	_, db := openStore(t)
	run(t, db, "partners", "p.csv", everflowPartners, Options{})
	run(t, db, "offers", "o.csv", "Offer ID,Offer,Visibility,Revenue,Payout\n5,Five,Require Approval,\"$2,000.00\",12.5\n6,Six,public,1,0.5\n", Options{})
	if got := scalar[int64](t, db, "SELECT revenue_cents FROM offers WHERE id = 5"); got != 200000 {
		t.Errorf("revenue cents %d", got)
	}
	if got := scalar[string](t, db, "SELECT visibility FROM offers WHERE id = 5"); got != "require_approval" {
		t.Errorf("visibility %q", got)
	}
	res := run(t, db, "approvals", "a.csv", "Partner ID,Offer ID,Status\n101,5,approved\n999,5,approved\n102,5,maybe\n", Options{})
	if res.Inserted != 1 {
		t.Fatalf("%+v", res)
	}
	findError(t, res, 3, "Partner ID", "partner 999 is not in CommHub")
	findError(t, res, 4, "Status", "(approved, pending, rejected)")
	stats := "Date,Partner ID,Offer ID,Clicks,Conversions,Revenue,Payout\n" +
		"2025-11-01,101,5,100,3,30.00,15.00\n11/02/2025,101,5,1,0,0,0\n2025-11-01,101,77,1,1,1,1\n2025-11-01,101,5,9,9,9,9\n"
	res = run(t, db, "daily_stats", "s.csv", stats, Options{})
	if res.Inserted != 2 {
		t.Fatalf("%+v", res)
	}
	findError(t, res, 4, "Offer ID", "offer 77 is not in CommHub")
	findError(t, res, 5, "Date", "duplicate daily stat 2025-11-01/101/5: already on line 2")
	if got := scalar[int64](t, db, "SELECT sum(clicks) FROM daily_stats"); got != 101 {
		t.Errorf("clicks %d", got)
	}
	again := run(t, db, "daily_stats", "s.csv", stats, Options{})
	if counts(again) != [3]int{0, 0, 2} {
		t.Fatalf("second stats import must change nothing: %+v", again)
	}
}

// cancelAfterFirstBatch stops the run as soon as the first batch is stored.
type cancelAfterFirstBatch struct{ cancel context.CancelFunc }

func (c cancelAfterFirstBatch) Emit(events.Name, any) { c.cancel() }

func TestInterruptedImportResumesAfterLastBatch(t *testing.T) {
	_, db := openStore(t)
	var b strings.Builder
	b.WriteString("Partner ID,Partner\n")
	for i := 1; i <= 25; i++ {
		b.WriteString(itoa(i) + ",P" + itoa(i) + "\n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, err := Run(ctx, db, BytesFile("p.csv", []byte(b.String())), "partners", Options{BatchSize: 10, Events: cancelAfterFirstBatch{cancel}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want cancellation, got %v", err)
	}
	if n := scalar[int](t, db, "SELECT count(*) FROM partners"); n != 10 {
		t.Fatalf("the first batch of 10 must be stored whole, got %d rows", n)
	}
	res := run(t, db, "partners", "p.csv", b.String(), Options{BatchSize: 10})
	if res.ResumedFromLine != 11 || counts(res) != [3]int{25, 0, 0} {
		t.Fatalf("resume: %+v", res)
	}
	if n := scalar[int](t, db, "SELECT count(*) FROM import_checkpoints"); n != 0 {
		t.Fatalf("a finished import leaves no checkpoint, found %d", n)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestBrokenQuotesAreReportedNotSwallowed(t *testing.T) {
	_, db := openStore(t)
	csv := "Partner ID,Partner\n1,One\n2,5\" Screen\n3,\"Three \"x\" \"\n4,Four\n5,\"Five\n6,Six\n7,Seven\n"
	res := run(t, db, "partners", "p.csv", csv, Options{})
	if res.Inserted != 2 {
		t.Fatalf("rows 1 and 4 import: %+v", res)
	}
	findError(t, res, 3, "", "quote (\") inside an unquoted cell")
	findError(t, res, 4, "", "quote inside a quoted cell is not doubled")
	findError(t, res, 6, "", "not closed properly (the reader got to line 8)")
	if n := scalar[int](t, db, "SELECT count(*) FROM partners WHERE name LIKE '%Six%'"); n != 0 {
		t.Error("lines after an unclosed quote must not be stored inside a cell")
	}
}

func TestMixedEncodingIsReportedPerRow(t *testing.T) {
	_, db := openStore(t)
	// The first 64 KiB are plain UTF-8, so the file is read as UTF-8; a Windows-1252 byte
	// further down must not reach the store as broken text.
	var b strings.Builder
	b.WriteString("Partner ID,Partner\n")
	for i := 1; b.Len() < 70_000; i++ {
		b.WriteString(strconv.Itoa(i) + ",Partner number " + strconv.Itoa(i) + "\n")
	}
	b.WriteString("99999,Caf\xe9\n")
	res := run(t, db, "partners", "p.csv", b.String(), Options{})
	if res.ErrorCount != 1 || !strings.Contains(res.Errors[0].Message, "not UTF-8") {
		t.Fatalf("%+v", res.Errors)
	}
	if n := scalar[int](t, db, "SELECT count(*) FROM partners WHERE id = 99999"); n != 0 {
		t.Error("the mis-encoded row was stored")
	}
}

func TestKeySetFindsEveryDuplicateAcrossGrowth(t *testing.T) {
	var s keySet
	for i := 1; i <= 50_000; i++ {
		if _, dup := s.add(hashKey([]any{"2025-01-01", int64(i)}, []int{0, 1}), i); dup {
			t.Fatalf("key %d reported as duplicate", i)
		}
	}
	for _, i := range []int{1, 777, 50_000} {
		first, dup := s.add(hashKey([]any{"2025-01-01", int64(i)}, []int{0, 1}), 60_000)
		if !dup || first != i {
			t.Fatalf("key %d: dup %v first %d", i, dup, first)
		}
	}
	if _, dup := s.add(0, 1); dup {
		t.Fatal("hash 0 is a key like any other")
	}
	if _, dup := s.add(0, 2); !dup {
		t.Fatal("hash 0 twice is a duplicate")
	}
}

func TestAFailedBatchLeavesNothingHalfWritten(t *testing.T) {
	_, db := openStore(t)
	var b strings.Builder
	b.WriteString("Partner ID,Partner\n")
	for i := 1; i <= 25; i++ {
		b.WriteString(strconv.Itoa(i) + ",P" + strconv.Itoa(i) + "\n")
	}
	// The store refuses partner 15, as a full disk or a constraint would, in the second batch.
	if _, err := db.Exec(`CREATE TRIGGER refuse15 BEFORE INSERT ON partners WHEN NEW.id = 15 BEGIN SELECT RAISE(ABORT, 'disk full'); END`); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), db, BytesFile("p.csv", []byte(b.String())), "partners", Options{BatchSize: 10})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("want the store's error, got %v", err)
	}
	if n := scalar[int](t, db, "SELECT count(*) FROM partners"); n != 10 {
		t.Fatalf("only the first batch may be stored, found %d rows", n)
	}
	if _, err := db.Exec("DROP TRIGGER refuse15"); err != nil {
		t.Fatal(err)
	}
	res := run(t, db, "partners", "p.csv", b.String(), Options{BatchSize: 10})
	if res.ResumedFromLine != 11 || res.Inserted != 25 || scalar[int](t, db, "SELECT count(*) FROM partners") != 25 {
		t.Fatalf("resume after the failure: %+v", res)
	}
}
