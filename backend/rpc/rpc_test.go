package rpc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"commhub/backend/fault"
	"commhub/backend/model"
	"commhub/backend/store"
	"commhub/backend/store/storetest"
)

const testToken = "test-token-0123456789"

// Notes is a small service over the real store: it lets the tests prove that a rejected
// call never reaches the database, and that a good one does.
type Notes struct{ s *store.Store }

type NoteQuery struct {
	Prefix string `json:"prefix"`
	Limit  int    `json:"limit"`
}

func (n *Notes) Put(key, value string) error {
	return n.s.DB.Save(&model.Setting{Key: key, Value: value}).Error
}

func (n *Notes) Get(key string) (model.Setting, error) {
	var s model.Setting
	if err := n.s.DB.Where("key = ?", key).Limit(1).Find(&s).Error; err != nil {
		return s, err
	}
	if s.Key == "" {
		return s, fault.NotFoundf("note %q does not exist", key)
	}
	return s, nil
}

func (n *Notes) Find(q NoteQuery) ([]model.Setting, error) {
	var out []model.Setting
	err := n.s.DB.Where("key LIKE ?", q.Prefix+"%").Order("key").Limit(q.Limit).Find(&out).Error
	return out, err
}

func (n *Notes) Fail(kind string) error {
	switch kind {
	case "invalid":
		return fault.Invalidf("bad <b>%s</b>", kind)
	case "not_found":
		return fault.NotFoundf("no such note")
	case "conflict":
		return fault.Conflictf("note is locked")
	}
	return fmt.Errorf("disk on fire")
}

func (n *Notes) Boom() (int, error) {
	var m map[string]int
	m["x"] = 1 // a nil-map write: a real bug, not a staged panic string
	return 0, nil
}

// panicky fails while being encoded, after the method itself returned.
type panicky struct{}

func (panicky) MarshalJSON() ([]byte, error) { panic("encoder bug") }

func (n *Notes) BadJSON() (panicky, error) { return panicky{}, nil }

func (n *Notes) Weird() (chan int, error) { return make(chan int), nil }

type bridge struct {
	t     *testing.T
	store *store.Store
	srv   *httptest.Server
	hub   *Hub
}

func newBridge(t *testing.T, maxBody int64) *bridge {
	t.Helper()
	s := storetest.Open(t)
	hub := NewHub()
	h, err := NewHandler(Config{
		Services: []any{&Notes{s: s}}, Token: testToken, Hub: hub, MaxBody: maxBody,
		Logf: func(string, ...any) {},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Cleanup(hub.Close)
	return &bridge{t: t, store: s, srv: srv, hub: hub}
}

type reply struct {
	status int
	body   []byte
	Error  *Error `json:"error"`
}

func (b *bridge) do(method, path, auth, body string) reply {
	b.t.Helper()
	req, err := http.NewRequest(method, b.srv.URL+path, strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	r := reply{status: res.StatusCode}
	r.body, _ = io.ReadAll(res.Body)
	if res.StatusCode >= 400 && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(r.body, &r); err != nil {
			b.t.Fatalf("error body is not JSON: %s", r.body)
		}
	}
	return r
}

func (b *bridge) call(path, body string) reply {
	return b.do(http.MethodPost, path, "Bearer "+testToken, body)
}

// snapshot is the whole notes table, to compare before and after a rejected call.
func (b *bridge) snapshot() string {
	b.t.Helper()
	var rows []model.Setting
	if err := b.store.DB.Order("key").Find(&rows).Error; err != nil {
		b.t.Fatal(err)
	}
	j, _ := json.Marshal(rows)
	return string(j)
}

func TestGoodCallsReachTheDatabase(t *testing.T) {
	b := newBridge(t, 0)
	before := b.snapshot()
	if r := b.call("/rpc/Notes.Put", `["greeting", "hello"]`); r.status != 200 || string(r.body) != "null\n" {
		t.Fatalf("Put: %d %s", r.status, r.body)
	}
	if b.snapshot() == before {
		t.Fatal("a good Put did not change the database, so the unchanged-database checks prove nothing")
	}
	r := b.call("/rpc/Notes.Get", `["greeting"]`)
	if r.status != 200 || !strings.Contains(string(r.body), `"value":"hello"`) {
		t.Fatalf("Get: %d %s", r.status, r.body)
	}
	r = b.call("/rpc/Notes.Find", `[{"prefix":"gr","limit":5}]`)
	if r.status != 200 || !strings.Contains(string(r.body), `"key":"greeting"`) {
		t.Fatalf("Find: %d %s", r.status, r.body)
	}
}

func TestBadInputIsRejectedAndChangesNothing(t *testing.T) {
	b := newBridge(t, 1024)
	b.call("/rpc/Notes.Put", `["kept", "original"]`)
	huge := `["kept", "` + strings.Repeat("x", 2048) + `"]`
	cases := []struct {
		name, method, path, auth, body string
		status                         int
		code                           string
		says                           []string
	}{
		{"unknown method", "POST", "/rpc/Notes.Erase", "ok", `["kept"]`, 404, "not_found",
			[]string{`no method "Erase"`, "Find, Get, Put"}},
		{"method in wrong case", "POST", "/rpc/Notes.put", "ok", `["kept", "x"]`, 404, "not_found",
			[]string{"did you mean Notes.Put?"}},
		{"unknown service", "POST", "/rpc/Messages.Put", "ok", `["kept", "x"]`, 404, "not_found",
			[]string{`no service "Messages"`, "services are Notes"}},
		{"no method in path", "POST", "/rpc/Notes", "ok", `[]`, 404, "not_found",
			[]string{"/rpc/<Service>.<Method>"}},
		{"too few arguments", "POST", "/rpc/Notes.Put", "ok", `["kept"]`, 400, "invalid",
			[]string{"Notes.Put takes 2 arguments (a string, a string), got 1"}},
		{"too many arguments", "POST", "/rpc/Notes.Put", "ok", `["kept", "x", "y"]`, 400, "invalid",
			[]string{"takes 2 arguments", "got 3"}},
		{"empty body for two arguments", "POST", "/rpc/Notes.Put", "ok", ``, 400, "invalid",
			[]string{"got 0"}},
		{"number for a string", "POST", "/rpc/Notes.Put", "ok", `["kept", 42]`, 400, "invalid",
			[]string{"Notes.Put argument 2 (a string): expected a string, got a JSON number"}},
		{"wrong field type", "POST", "/rpc/Notes.Find", "ok", `[{"prefix":"k","limit":"ten"}]`, 400, "invalid",
			[]string{"Notes.Find argument 1 (an object (rpc.NoteQuery))", `field "limit" must be an integer, got a JSON string`}},
		{"null for an object", "POST", "/rpc/Notes.Find", "ok", `[null]`, 400, "invalid",
			[]string{"Notes.Find argument 1 (an object (rpc.NoteQuery)): got null"}},
		{"integer beyond 64 bits", "POST", "/rpc/Notes.Find", "ok", `[{"prefix":"k","limit":18446744073709551615}]`, 400, "invalid",
			[]string{`field "limit" must be an integer, got 18446744073709551615, which is out of range`}},
		{"fraction for an integer", "POST", "/rpc/Notes.Find", "ok", `[{"prefix":"k","limit":1.5}]`, 400, "invalid",
			[]string{`field "limit" must be an integer, got a JSON number 1.5`}},
		{"array for an object", "POST", "/rpc/Notes.Find", "ok", `[[1,2]]`, 400, "invalid",
			[]string{"argument 1", "got a JSON array"}},
		{"malformed JSON", "POST", "/rpc/Notes.Put", "ok", `["kept", "x"`, 400, "invalid",
			[]string{"not valid JSON", "JSON array"}},
		{"object instead of array", "POST", "/rpc/Notes.Put", "ok", `{"key":"kept"}`, 400, "invalid",
			[]string{"must be a JSON array of arguments, got a JSON object"}},
		{"missing token", "POST", "/rpc/Notes.Put", "", `["kept", "x"]`, 401, "unauthorized",
			[]string{"missing token", "Authorization: Bearer"}},
		{"wrong token", "POST", "/rpc/Notes.Put", "Bearer nope", `["kept", "x"]`, 401, "unauthorized",
			[]string{"wrong token"}},
		{"other auth scheme", "POST", "/rpc/Notes.Put", "Basic a2VwdDp4", `["kept", "x"]`, 401, "unauthorized",
			[]string{"missing token"}},
		{"token in query string", "POST", "/rpc/Notes.Put?token=" + testToken, "", `["kept", "x"]`, 401, "unauthorized",
			[]string{"missing token"}},
		{"oversized body", "POST", "/rpc/Notes.Put", "ok", huge, 413, "invalid",
			[]string{"larger than the limit of 1 KiB"}},
		{"GET instead of POST", "GET", "/rpc/Notes.Put", "ok", ``, 405, "invalid",
			[]string{"GET is not allowed", "POST"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := b.snapshot()
			auth := c.auth
			if auth == "ok" {
				auth = "Bearer " + testToken
			}
			r := b.do(c.method, c.path, auth, c.body)
			if r.status != c.status || r.Error == nil || r.Error.Code != c.code {
				t.Fatalf("got %d %s, want %d with code %q", r.status, r.body, c.status, c.code)
			}
			for _, s := range c.says {
				if !strings.Contains(r.Error.Message, s) {
					t.Errorf("message %q does not say %q", r.Error.Message, s)
				}
			}
			if after := b.snapshot(); after != before {
				t.Errorf("the database changed: %s -> %s", before, after)
			}
		})
	}
	// The server is still healthy after all of it.
	if r := b.call("/rpc/Notes.Get", `["kept"]`); r.status != 200 || !strings.Contains(string(r.body), "original") {
		t.Fatalf("after bad input: %d %s", r.status, r.body)
	}
}

func TestServiceErrorsMapToStatusByFaultKind(t *testing.T) {
	b := newBridge(t, 0)
	for kind, status := range map[string]int{"invalid": 400, "not_found": 404, "conflict": 409, "internal": 500} {
		r := b.call("/rpc/Notes.Fail", `["`+kind+`"]`)
		if r.status != status || r.Error == nil || r.Error.Code != kind {
			t.Errorf("%s: got %d %s, want %d", kind, r.status, r.body, status)
		}
	}
	r := b.call("/rpc/Notes.Fail", `["invalid"]`)
	if !bytes.Contains(r.body, []byte("bad <b>invalid</b>")) {
		t.Errorf("message should quote user text readably, got %s", r.body)
	}
	r = b.call("/rpc/Notes.Get", `["absent"]`)
	if r.status != 404 || r.Error.Message != `note "absent" does not exist` {
		t.Errorf("Get absent: %d %s", r.status, r.body)
	}
}

func TestPanicIsA500AndTheServerLivesOn(t *testing.T) {
	b := newBridge(t, 0)
	r := b.call("/rpc/Notes.Boom", `[]`)
	if r.status != 500 || r.Error == nil || r.Error.Code != "internal" ||
		!strings.Contains(r.Error.Message, "Notes.Boom failed unexpectedly") {
		t.Fatalf("got %d %s", r.status, r.body)
	}
	r = b.call("/rpc/Notes.BadJSON", `[]`)
	if r.status != 500 || r.Error == nil || !strings.Contains(r.Error.Message, "Notes.BadJSON failed unexpectedly (encoder bug)") {
		t.Fatalf("panic while encoding: %d %s", r.status, r.body)
	}
	r = b.call("/rpc/Notes.Weird", `[]`)
	if r.status != 500 || r.Error == nil || !strings.Contains(r.Error.Message, "cannot be sent as JSON") {
		t.Fatalf("unencodable result: %d %s", r.status, r.body)
	}
	if r := b.call("/rpc/Notes.Put", `["after", "panic"]`); r.status != 200 {
		t.Fatalf("server did not survive the panic: %d %s", r.status, r.body)
	}
}

type badShape struct{}

func (badShape) Two() (int, string) { return 0, "" }

type variadic struct{}

func (variadic) Many(xs ...int) error { return nil }

func TestMethodsOfTheWrongShapeAreRefusedAtStart(t *testing.T) {
	for _, svc := range []any{badShape{}, variadic{}} {
		if _, err := NewDispatcher([]any{svc}); err == nil {
			t.Errorf("%T: want an error", svc)
		}
	}
	if _, err := NewDispatcher([]any{&Notes{}, &Notes{}}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate service: %v", err)
	}
	if _, err := NewHandler(Config{Services: []any{&Notes{}}}); err == nil {
		t.Error("a handler without a token must be refused")
	}
	for _, tok := range []string{strings.Repeat(" ", 16), "two words-0123456789", "tab\t0123456789abc"} {
		if _, err := NewHandler(Config{Services: []any{&Notes{}}, Token: tok}); err == nil {
			t.Errorf("token %q: a blank or spaced token must be refused", tok)
		}
	}
}

type Inner struct {
	Page int `json:"page"`
}

type Outer struct {
	Inner
	Items []struct {
		Qty int `json:"qty"`
	} `json:"items"`
}

func TestFieldPathsAreTheCallersJSONPaths(t *testing.T) {
	ot := reflect.TypeOf(Outer{})
	for path, want := range map[string]string{"Inner.page": "page", "items.qty": "items.qty", "other": "other"} {
		if got := jsonPath(ot, path); got != want {
			t.Errorf("jsonPath(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestDesktopErrorsCarryTheSameCodes(t *testing.T) {
	n := &Notes{}
	for kind, want := range map[string]string{
		"invalid":   `{"code":"invalid","message":"bad <b>invalid</b>"}`,
		"not_found": `{"code":"not_found","message":"no such note"}`,
		"conflict":  `{"code":"conflict","message":"note is locked"}`,
		"other":     `{"code":"internal","message":"disk on fire"}`,
	} {
		if got := DesktopError(n.Fail(kind)); got != want {
			t.Errorf("%s: %v, want %s", kind, got, want)
		}
	}
}
