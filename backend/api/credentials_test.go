package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"

	"commhub/backend/api"
	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
	"commhub/backend/network/everflow/everflowtest"
	"commhub/backend/rpc"
	"commhub/backend/store/storetest"
)

func startSink(t *testing.T, users map[string]string) *smtptest.Sink {
	t.Helper()
	s, err := smtptest.Start(&smtptest.Sink{Users: users})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// A stored SMTP password goes only to the server and user it was entered for.
func TestStoredSMTPPasswordStaysWithItsServer(t *testing.T) {
	b, _ := newBridge(t)
	home := startSink(t, map[string]string{"u": "saved-secret"})
	other := startSink(t, map[string]string{"u": "anything"})
	var saved model.SMTPProfile
	b.must(&saved, "SMTP.Save", map[string]any{"name": "Main", "host": "127.0.0.1", "port": home.Port(), "tls": "none", "username": "u"}, "saved-secret")

	moved := []model.SMTPProfile{saved, saved, saved}
	moved[0].Port = other.Port()                             // same host, another server
	moved[1].Host, moved[1].Port = "localhost", other.Port() // another host name
	moved[2].Username = "admin"
	for _, m := range moved {
		e := b.call(nil, "SMTP.Test", m, nil)
		if e == nil || e.Code != "invalid" || !strings.Contains(e.Message, "enter the password again") {
			t.Fatalf("test of %s:%d user %q with the stored password: %v", m.Host, m.Port, m.Username, e)
		}
		e = b.call(nil, "SMTP.Save", m, nil)
		if e == nil || e.Code != "invalid" || !strings.Contains(e.Message, "stored password was entered for user \"u\" at 127.0.0.1:") {
			t.Fatalf("save of %s:%d user %q keeping the password: %v", m.Host, m.Port, m.Username, e)
		}
	}
	if got := other.Logins(); len(got) != 0 {
		t.Fatalf("the stored password reached another server: %+v", got)
	}

	// The saved server still gets it; a password typed for the other server goes there.
	var res api.TestResult
	b.must(&res, "SMTP.Test", saved, nil)
	if !res.OK || len(home.Logins()) != 1 || home.Logins()[0].Password != "saved-secret" {
		t.Fatalf("test of the saved server: %+v %+v", res, home.Logins())
	}
	b.must(&res, "SMTP.Test", moved[0], "anything")
	if !res.OK {
		t.Fatalf("test with a password entered for the new server: %+v", res)
	}
	b.must(&saved, "SMTP.Save", moved[0], "anything")
	if saved.Port != other.Port() || !saved.HasPassword {
		t.Fatalf("moved with a new password: %+v", saved)
	}
}

// Two data folders with the same profile id keep their own passwords in the one keyring.
func TestDataFoldersKeepTheirOwnSMTPPasswords(t *testing.T) {
	keyring.MockInit()
	sinks := []*smtptest.Sink{startSink(t, map[string]string{"u": "real"}), startSink(t, map[string]string{"u": "scratch"})}
	var bridges []bridge
	for i, pw := range []string{"real", "scratch"} {
		d, err := rpc.NewDispatcher(api.New(api.Deps{Store: storetest.Open(t)}).Bound())
		if err != nil {
			t.Fatal(err)
		}
		b := bridge{t: t, d: d}
		var p model.SMTPProfile
		b.must(&p, "SMTP.Save", map[string]any{"name": "Main", "host": "127.0.0.1", "port": sinks[i].Port(), "tls": "none", "username": "u"}, pw)
		if p.ID != 1 {
			t.Fatalf("profile id %d, want 1 in both folders", p.ID)
		}
		bridges = append(bridges, b)
	}
	for i, b := range bridges {
		var list []model.SMTPProfile
		b.must(&list, "SMTP.List")
		var res api.TestResult
		b.must(&res, "SMTP.Test", list[0], nil)
		if !res.OK {
			t.Fatalf("folder %d lost its password to the other folder: %+v (server saw %+v)", i, res, sinks[i].Logins())
		}
	}
}

// keyCatcher is a loopback server that records every Everflow API key it is sent.
func keyCatcher(t *testing.T) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys = append(keys, r.Header.Get("X-Eflow-API-Key"))
		mu.Unlock()
		http.Error(w, "nothing here", http.StatusNotFound)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), keys...)
	}
}

// The stored Everflow key never follows an edited API base to another host, and never
// travels over plain http beyond this machine.
func TestStoredEverflowKeyStaysWithItsHost(t *testing.T) {
	b, _ := newBridge(t)
	fx := everflowtest.New(3, 1)
	defer fx.Close()
	b.must(nil, "Sync.Configure", everflowtest.APIKey, "trk.example.com", fx.Base())

	catcher, caught := keyCatcher(t)
	elsewhere := strings.Replace(catcher.URL, "127.0.0.1", "localhost", 1) + "/v1"
	for _, base := range []string{catcher.URL + "/v1", elsewhere, ""} {
		e := b.call(nil, "Sync.Configure", "", "trk.example.com", base)
		if e == nil || e.Code != "invalid" || !strings.Contains(e.Message, "enter the API key again") {
			t.Fatalf("moving the stored key to %q: %v", base, e)
		}
	}
	for _, base := range []string{"http://api.example.test/v1", "http://10.0.0.8:8080/v1"} {
		e := b.call(nil, "Sync.Configure", "a-new-key", "trk.example.com", base)
		if e == nil || e.Code != "invalid" || !strings.Contains(e.Message, "only sent over https") {
			t.Fatalf("plain http to %q: %v", base, e)
		}
	}
	var rep struct{ Partners int }
	b.must(&rep, "Sync.Run", "2026-11-27", "2026-11-27", "keep")
	if rep.Partners != 3 || len(caught()) != 0 {
		t.Fatalf("run after refused moves: %+v, keys elsewhere %q", rep, caught())
	}
	// With the key entered again the move is the user's decision.
	var st api.SyncStatus
	b.must(&st, "Sync.Configure", "key-for-the-other-host", "trk.example.com", catcher.URL+"/v1")
	b.call(nil, "Sync.Run", "2026-11-27", "2026-11-27", "keep")
	if got := caught(); len(got) == 0 || got[0] != "key-for-the-other-host" {
		t.Fatalf("the new host got %q", got)
	}
}

// A redirect from the API to another host must not carry the key along.
func TestEverflowKeyDoesNotFollowRedirects(t *testing.T) {
	b, _ := newBridge(t)
	catcher, caught := keyCatcher(t)
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(catcher.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()
	b.must(nil, "Sync.Configure", "secret-key", "trk.example.com", redirector.URL+"/v1")
	e := b.call(nil, "Sync.Run", "2026-11-27", "2026-11-27", "keep")
	if e == nil || !strings.Contains(e.Message, "redirected to") {
		t.Fatalf("run through a redirect: %v", e)
	}
	if got := caught(); len(got) != 0 {
		t.Fatalf("the key followed the redirect: %q", got)
	}
}
