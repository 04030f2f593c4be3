package mailer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"commhub/backend/fault"
	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
	"commhub/backend/secret"
	"commhub/backend/store"
)

func startSink(t *testing.T, faults func(string, int) smtptest.Fault) (*smtptest.Sink, Account) {
	t.Helper()
	s, err := smtptest.Start(&smtptest.Sink{Faults: faults, KeepBody: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, Account{SMTPProfile: model.SMTPProfile{Name: "sink", Host: "127.0.0.1", Port: s.Port(), TLS: model.TLSNone}}
}

func msg(to string) *Message {
	return &Message{FromName: "Net Team", FromEmail: "team@network.test", ToName: "Ana Lima", To: to,
		Subject: "Hello Ana", HTML: "<p>Hi <b>Ana</b></p>", Text: "Hi Ana",
		UnsubscribeURL: "https://t.network.test/u/abc", MessageID: NewMessageID("r1.d1", "team@network.test")}
}

func TestSendMultipartWithHeaders(t *testing.T) {
	sink, acct := startSink(t, nil)
	d := Dialer{Timeout: 5 * time.Second}
	c, err := d.Dial(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, to := range []string{"ana@example.test", "bo@example.test"} {
		if err := c.Send(msg(to)); err != nil {
			t.Fatalf("send to %s: %v", to, err)
		}
	}
	got := sink.Received()
	if len(got) != 2 {
		t.Fatalf("sink got %d messages, want 2", len(got))
	}
	h := got[0].Header
	if !strings.HasPrefix(h.Get("Content-Type"), "multipart/alternative") {
		t.Errorf("content type %q, want multipart/alternative", h.Get("Content-Type"))
	}
	if h.Get("List-Unsubscribe") != "<https://t.network.test/u/abc>" || h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("unsubscribe headers: %q / %q", h.Get("List-Unsubscribe"), h.Get("List-Unsubscribe-Post"))
	}
	if got[0].MessageID == "" || got[0].MessageID == got[1].MessageID {
		t.Errorf("message ids not unique: %q %q", got[0].MessageID, got[1].MessageID)
	}
	for _, part := range []string{"Content-Type: text/plain", "Content-Type: text/html"} {
		if !strings.Contains(got[0].Body, part) {
			t.Errorf("body lacks %s part", part)
		}
	}
}

func TestErrorClassification(t *testing.T) {
	_, acct := startSink(t, func(rcpt string, n int) smtptest.Fault {
		switch rcpt {
		case "gone@example.test":
			return smtptest.Fault{Rcpt: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}}
		case "full@example.test":
			return smtptest.Fault{Rcpt: &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "mailbox full"}}
		case "drop@example.test":
			return smtptest.Fault{DropMidData: true}
		case "stall@example.test":
			return smtptest.Fault{Stall: 700 * time.Millisecond}
		}
		return smtptest.Fault{}
	})
	d := Dialer{Timeout: 300 * time.Millisecond}
	cases := []struct {
		to                            string
		temporary, broken, noSuchUser bool
		replyHas                      string
	}{
		{"gone@example.test", false, false, true, "550 5.1.1"},
		{"full@example.test", true, false, false, "452 4.2.2"},
		{"drop@example.test", true, true, false, "connection"},
		{"stall@example.test", true, true, false, "stopped answering"},
	}
	for _, tc := range cases {
		c, err := d.Dial(context.Background(), acct)
		if err != nil {
			t.Fatal(err)
		}
		err = c.Send(msg(tc.to))
		e := AsError(err)
		if err == nil || e.Temporary != tc.temporary || e.NoSuchUser != tc.noSuchUser || !strings.Contains(e.Reply, tc.replyHas) {
			t.Errorf("%s: err %v → temporary %v noSuchUser %v", tc.to, err, e.Temporary, e.NoSuchUser)
		}
		if c.Alive() == tc.broken {
			t.Errorf("%s: alive = %v, want %v", tc.to, c.Alive(), !tc.broken)
		}
		if c.Alive() {
			// A refused recipient leaves the connection usable for the next one.
			if err := c.Send(msg("ok@example.test")); err != nil {
				t.Errorf("after %s the connection did not recover: %v", tc.to, err)
			}
		}
		c.Close()
	}
}

func TestDialFailures(t *testing.T) {
	sink, acct := startSink(t, nil)
	sink.Stop()
	err := TestConnection(context.Background(), Dialer{Timeout: time.Second}, acct)
	if e := AsError(err); err == nil || !e.Connect || !e.Temporary {
		t.Fatalf("server down: %v (%+v)", err, e)
	}
	if err := sink.Resume(); err != nil {
		t.Fatal(err)
	}
	if err := TestConnection(context.Background(), Dialer{Timeout: time.Second}, acct); err != nil {
		t.Fatalf("server back: %v", err)
	}
	acct.TLS = model.TLSStartTLS
	err = TestConnection(context.Background(), Dialer{Timeout: time.Second}, acct)
	if err == nil || !strings.Contains(err.Error(), "does not offer STARTTLS") {
		t.Fatalf("plain server with starttls profile: %v", err)
	}
}

func TestProfilesKeepPasswordInSecretStore(t *testing.T) {
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := &Profiles{DB: st.DB, Secrets: secret.OpenFile(st.Dir)}
	pw := "hunter2"
	a, err := p.Save(model.SMTPProfile{Name: "Main", Host: "smtp.example.test", Port: 587, Username: "u"}, &pw)
	if err != nil {
		t.Fatal(err)
	}
	if !a.IsDefault || !a.HasPassword || a.TLS != model.TLSStartTLS {
		t.Fatalf("first profile: %+v", a)
	}
	var raw string
	st.DB.Raw("SELECT group_concat(name || host || username) FROM smtp_profiles").Scan(&raw)
	if strings.Contains(raw, pw) {
		t.Fatal("password leaked into the database")
	}
	a.Concurrency = 4
	if a, err = p.Save(a, nil); err != nil || !a.HasPassword {
		t.Fatalf("update without password lost it: %+v %v", a, err)
	}
	// The stored password never follows the profile to another server or user.
	for _, edit := range []func(*model.SMTPProfile){
		func(x *model.SMTPProfile) { x.Host = "smtp2.example.test" },
		func(x *model.SMTPProfile) { x.Port = 2525 },
		func(x *model.SMTPProfile) { x.Username = "someone-else" },
		func(x *model.SMTPProfile) { x.TLS = model.TLSNone },
	} {
		moved := a
		edit(&moved)
		_, err := p.Save(moved, nil)
		if fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), "enter the password again to use") {
			t.Fatalf("moved %+v without a password: %v", moved, err)
		}
	}
	a.Host = "SMTP.example.test" // the same server, spelled in capitals
	if a, err = p.Save(a, nil); err != nil {
		t.Fatal(err)
	}
	a.Host = "smtp2.example.test"
	if a, err = p.Save(a, &pw); err != nil || !a.HasPassword {
		t.Fatalf("move with the password entered again: %+v %v", a, err)
	}
	acct, err := p.Account(0)
	if err != nil || acct.Password != pw || acct.Host != "smtp2.example.test" {
		t.Fatalf("account: %+v %v", acct, err)
	}
	if _, err := p.Save(model.SMTPProfile{Name: "main", Host: "x.test", Port: 25}, nil); fault.KindOf(err) != fault.Conflict {
		t.Fatalf("duplicate name: %v", err)
	}
	for _, bad := range []model.SMTPProfile{
		{Name: "", Host: "h", Port: 25},
		{Name: "b", Host: "smtp://h", Port: 25},
		{Name: "b", Host: "smtp.example.test\r\nRCPT TO:<x@evil.test>", Port: 25},
		{Name: "b", Host: "smtp.example.test\n", Port: 25, Username: "u\r\nx"},
		{Name: "b\nc", Host: "h", Port: 25},
		{Name: "b", Host: "-h", Port: 25},
		{Name: "b", Host: "h", Port: 70000},
		{Name: "b", Host: "h", Port: 25, TLS: "ssl"},
		{Name: "b", Host: "h", Port: 25, PerHour: -1},
		{Name: "b", Host: "h", Port: 25, FromEmail: "not an address"},
	} {
		if _, err := p.Save(bad, nil); fault.KindOf(err) != fault.Invalid {
			t.Errorf("%+v: err %v, want invalid", bad, err)
		}
	}
	if err := p.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Secrets.Get(secretKey(a.ID)); !errors.Is(err, secret.ErrNotFound) {
		t.Fatalf("password survived the profile: %v", err)
	}
}
