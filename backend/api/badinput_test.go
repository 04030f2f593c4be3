package api_test

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"commhub/backend/model"
)

func wantInvalid(t *testing.T, b bridge, says string, method string, args ...any) {
	t.Helper()
	e := b.call(nil, method, args...)
	if e == nil || e.Code != "invalid" || !strings.Contains(e.Message, says) {
		t.Errorf("%s %v: %v, want invalid saying %q", method, args, e, says)
	}
}

func tagGroups(n int) map[string]any {
	groups := make([]any, n)
	for g := range groups {
		groups[g] = map[string]any{"rules": []any{map[string]any{"field": "tags", "values": []string{fmt.Sprint("t", g)}}}}
	}
	return map[string]any{"kind": "partners", "groups": groups}
}

// An audience too large to count is refused when saved; one stored before the limit
// existed shows its own error and leaves the list of the others readable.
func TestOversizedAudiencesAreRefusedAndNeverBreakTheList(t *testing.T) {
	b, st := newBridge(t)
	wantInvalid(t, b, "the audience has 1200 groups: at most 100 are allowed", "Audiences.Save", map[string]any{"name": "Huge", "rules": tagGroups(1200)})
	wantInvalid(t, b, "the audience has 1200 groups", "Audiences.Count", tagGroups(1200))
	many := make([]string, 201)
	for i := range many {
		many[i] = fmt.Sprint("tag", i)
	}
	wantInvalid(t, b, "group 1 rule 1 (tags): 201 values: at most 200", "Audiences.Count",
		map[string]any{"groups": []any{map[string]any{"rules": []any{map[string]any{"field": "tags", "values": many}}}}})
	var id int64
	b.must(&id, "Audiences.Save", map[string]any{"name": "Fine", "rules": tagGroups(100)})

	legacy, _ := json.Marshal(tagGroups(1200))
	if err := st.DB.Create(&model.Audience{Name: "From before", Kind: "partners", Rules: string(legacy)}).Error; err != nil {
		t.Fatal(err)
	}
	var list []struct {
		Name      string
		SizeError string
	}
	b.must(&list, "Audiences.List")
	if len(list) != 2 {
		t.Fatalf("list %+v", list)
	}
	for _, a := range list {
		if (a.Name == "From before") != (a.SizeError != "") {
			t.Errorf("audience %q: size error %q", a.Name, a.SizeError)
		}
	}
}

// Page numbers, offsets and limits are checked, never wrapped or clamped in silence.
func TestPagingArgumentsAreChecked(t *testing.T) {
	b, _ := newBridge(t)
	for _, page := range []int64{math.MaxInt64, math.MaxInt64/50 + 2, -1} {
		wantInvalid(t, b, fmt.Sprintf("page %d is out of range", page), "Network.ListPartners", map[string]any{"page": page})
		wantInvalid(t, b, fmt.Sprintf("page %d is out of range", page), "Suppressions.List", "", "", page, 50)
		wantInvalid(t, b, fmt.Sprintf("page %d is out of range", page), "Deliveries.Recipients", int64(1), "", "", page, 50)
	}
	wantInvalid(t, b, "page size -1 is out of range", "Suppressions.List", "", "", 1, -1)
	wantInvalid(t, b, "page size 100000 is out of range: use 1 to 500", "Deliveries.Recipients", int64(1), "", "", 1, 100000)
	wantInvalid(t, b, "limit -5 is out of range", "Audiences.Sample", map[string]any{"kind": "partners"}, "", -5)

	var s map[string]any
	b.must(&s, "Settings.Get")
	s["unsubscribeBaseUrl"], s["defaultFromEmail"] = "https://trk.example.com/u", "me@network.example"
	b.must(&s, "Settings.Save", s)
	var msgID int64
	b.must(&msgID, "Messages.Save", map[string]any{"kind": "general", "subject": "Hi", "body": "<p>x</p>"})
	wantInvalid(t, b, "offset -1 is out of range", "Messages.Recipients", msgID, "", -1, 10)
	wantInvalid(t, b, "limit -3 is out of range", "Messages.Recipients", msgID, "", 0, -3)
	var page struct{ Total int }
	b.must(&page, "Messages.Recipients", msgID, "", 0, 0)
}

// A line break in a field that becomes a mail header is bad input, named by its field.
func TestLineBreaksInHeaderFieldsAreInvalid(t *testing.T) {
	b, _ := newBridge(t)
	for field, says := range map[string]string{
		"replyTo":   "replyTo: the reply-to address contains a line break",
		"fromEmail": "fromEmail: the from address contains a line break",
		"fromName":  "fromName: the from name contains a line break",
		"subject":   "subject: the subject contains a line break",
	} {
		msg := map[string]any{"kind": "general", "subject": "Hi", "body": "<p>x</p>"}
		msg[field] = "ann@example.com\r\nBcc: everyone@example.com"
		wantInvalid(t, b, says, "Messages.Save", msg)
	}
	wantInvalid(t, b, "host \"smtp.example.com\\r\\nRCPT TO:<x@evil.test>\" is not a host name", "SMTP.Save",
		map[string]any{"name": "Main", "host": "smtp.example.com\r\nRCPT TO:<x@evil.test>", "port": 587}, nil)
	wantInvalid(t, b, "is not a host name", "SMTP.Test",
		map[string]any{"name": "Main", "host": "smtp.example.com\nX", "port": 587}, "pw")
}
