package rpc

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A page whose own host name resolves to 127.0.0.1 (DNS rebinding) sends that name in Host;
// the bridge must not answer it, even with the right token.
func TestForeignHostHeadersAreRefused(t *testing.T) {
	b := newBridge(t, 0)
	u, _ := url.Parse(b.srv.URL)
	port := u.Port()
	cases := []struct {
		host   string
		status int // 421 refused, 200 accepted
	}{
		{"127.0.0.1:" + port, 200},
		{"localhost:" + port, 200},
		{"LOCALHOST:" + port, 200},
		{"evil.example:" + port, 421},
		{"evil.example", 421},
		{"127.0.0.1.evil.example:" + port, 421},
		{"localhost:1", 421}, // the right name on another port is another server
	}
	for _, c := range cases {
		for _, path := range []string{"/rpc/Notes.Get", "/"} {
			req, _ := http.NewRequest(http.MethodPost, b.srv.URL+path, strings.NewReader(`["missing"]`))
			if path == "/" {
				req.Method = http.MethodGet
			}
			req.Host = c.host
			req.Header.Set("Authorization", "Bearer "+testToken)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if c.status != 421 {
				// Accepted: the call reached the method (the note does not exist) or the UI.
				if res.StatusCode == 421 || (path != "/" && res.StatusCode != 404) {
					t.Errorf("Host %q %s: status %d (%s)", c.host, path, res.StatusCode, body)
				}
				continue
			}
			if res.StatusCode != 421 {
				t.Errorf("Host %q %s: status %d, want 421 (%s)", c.host, path, res.StatusCode, body)
				continue
			}
			var r reply
			if err := json.Unmarshal(body, &r); err != nil || r.Error == nil || !strings.Contains(r.Error.Message, "does not answer to the host name") {
				t.Errorf("Host %q: unclear refusal %s", c.host, body)
			}
		}
	}
}

func TestConfiguredHostNameIsAccepted(t *testing.T) {
	s := newBridge(t, 0)
	h, err := NewHandler(Config{Services: []any{&Notes{s: s.store}}, Token: testToken, Hosts: []string{"CommHub.LAN"}, Logf: func(string, ...any) {}})
	if err != nil {
		t.Fatal(err)
	}
	s.srv.Config.Handler = h
	u, _ := url.Parse(s.srv.URL)
	for host, want := range map[string]int{"commhub.lan:" + u.Port(): 200, "other.lan:" + u.Port(): 421} {
		req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/rpc/Notes.Find", strings.NewReader(`[{"prefix":"x","limit":1}]`))
		req.Host = host
		req.Header.Set("Authorization", "Bearer "+testToken)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("Host %q: status %d, want %d", host, res.StatusCode, want)
		}
	}
}
