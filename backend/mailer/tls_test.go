package mailer

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"commhub/backend/mailer/smtptest"
	"commhub/backend/model"
)

// selfSigned makes a certificate for 127.0.0.1 and a client config that trusts it.
func selfSigned(t *testing.T) (*tls.Config, *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sink.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	return server, &tls.Config{RootCAs: pool}
}

func TestTLSModesAndLogin(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	for _, mode := range []string{model.TLSStartTLS, model.TLSImplicit} {
		sink, err := smtptest.Start(&smtptest.Sink{TLS: serverTLS, Implicit: mode == model.TLSImplicit, Users: map[string]string{"news": "s3cret"}})
		if err != nil {
			t.Fatal(err)
		}
		acct := Account{SMTPProfile: model.SMTPProfile{Name: "tls", Host: "127.0.0.1", Port: sink.Port(), TLS: mode, Username: "news"}, Password: "s3cret"}
		d := Dialer{Timeout: 5 * time.Second, TLS: clientTLS}
		if err := SendOne(context.Background(), d, acct, msg("ana@example.test")); err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if n := len(sink.Received()); n != 1 {
			t.Fatalf("%s: sink received %d", mode, n)
		}

		acct.Password = "wrong"
		err = TestConnection(context.Background(), d, acct)
		e := AsError(err)
		if err == nil || !e.Connect || e.Temporary || !strings.Contains(e.Reply, "535") {
			t.Fatalf("%s, wrong password: %v (%+v)", mode, err, e)
		}
		// A certificate the system does not trust is refused.
		acct.Password = "s3cret"
		if err := TestConnection(context.Background(), Dialer{Timeout: 5 * time.Second}, acct); err == nil {
			t.Fatalf("%s: an untrusted certificate was accepted", mode)
		}
		sink.Close()
	}
}
