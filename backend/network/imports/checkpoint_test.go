package imports

import (
	"context"
	"strings"
	"testing"
)

// The resume fingerprint covers the whole file: an edit far into a file that keeps its size
// makes it a new file, imported from the start, never resumed past the edit.
func TestResumeNeverSkipsAnEditBeyondTheFirst64KiB(t *testing.T) {
	_, db := openStore(t)
	var b strings.Builder
	b.WriteString("Partner ID,Partner,Email\n")
	for i := 1; i <= 3000; i++ {
		b.WriteString(itoa(i) + ",Partner number " + itoa(100000+i) + ",p" + itoa(100000+i) + "@agency.example\n")
	}
	original := b.String()
	// Line 2001 holds partner 2000, far past the first 64 KiB.
	if at := strings.Index(original, "\n2000,"); at < 64<<10 {
		t.Fatalf("the edited row starts at byte %d, inside the first 64 KiB", at)
	}
	ctx, cancel := context.WithCancel(context.Background())
	first := diskFile(t, "partners.csv", original)
	if _, err := Run(ctx, db, first, "partners", Options{BatchSize: 2500, Events: cancelAfterFirstBatch{cancel}}); err == nil {
		t.Fatal("want the run interrupted after its first batch")
	}
	if n := scalar[int](t, db, "SELECT count(*) FROM partners"); n != 2500 {
		t.Fatalf("first batch: %d partners stored", n)
	}
	edited := strings.Replace(original, "2000,Partner number 102000,", "2000,Partner edited 102000,", 1)
	if len(edited) != len(original) || edited == original {
		t.Fatal("the edit must keep the size")
	}
	res, err := Run(context.Background(), db, diskFile(t, "partners.csv", edited), "partners", Options{BatchSize: 2500})
	if err != nil {
		t.Fatal(err)
	}
	if res.ResumedFromLine != 0 || res.Updated != 1 || res.Inserted != 500 {
		t.Fatalf("an edited file must not resume the old one's checkpoint: %+v", res)
	}
	if got := scalar[string](t, db, "SELECT name FROM partners WHERE id = 2000"); got != "Partner edited 102000" {
		t.Fatalf("partner 2000 is %q: the edit was skipped", got)
	}
}
