package api

import (
	"context"
	"time"

	"commhub/backend/mailer"
	"commhub/backend/model"
)

// SMTP manages the outgoing mail accounts (profiles) and tests them.
type SMTP struct {
	kit *deliveryKit
}

// SecretInfo says where passwords are kept; Warning is shown when it is not the OS keyring.
type SecretInfo struct {
	Backend string `json:"backend"` // keyring|file
	Warning string `json:"warning"`
}

// TestResult is the outcome of a connection test.
type TestResult struct {
	OK      bool   `json:"ok"`
	Message string `json:"message"`
	Millis  int64  `json:"millis"`
}

// List returns every profile, the default first.
func (s *SMTP) List() ([]model.SMTPProfile, error) {
	out, err := s.kit.profiles.List()
	if out == nil {
		out = []model.SMTPProfile{}
	}
	return out, err
}

// Save creates (id 0) or updates a profile. password null keeps the stored password (only
// while host, port and user name stay the same), "" removes it, anything else replaces it
// (it goes to the OS keyring).
func (s *SMTP) Save(p model.SMTPProfile, password *string) (model.SMTPProfile, error) {
	return s.kit.profiles.Save(p, password)
}

// Delete removes a profile and its password.
func (s *SMTP) Delete(id int64) error { return s.kit.profiles.Delete(id) }

// Test connects with the settings given (saved or not), negotiates TLS, logs in and
// says goodbye. password null uses the stored password of profile p.id, but only with the
// host, port and user name it was saved for; with others it is refused as invalid.
func (s *SMTP) Test(p model.SMTPProfile, password *string) (TestResult, error) {
	if err := mailer.Validate(p); err != nil {
		return TestResult{}, err
	}
	a := mailer.Account{SMTPProfile: p}
	if password != nil {
		a.Password = *password
	} else if p.ID != 0 {
		stored, err := s.kit.profiles.Account(p.ID)
		if err != nil {
			return TestResult{}, err
		}
		if stored.HasPassword {
			if err := mailer.PasswordFits(stored.SMTPProfile, p); err != nil {
				return TestResult{}, err
			}
		}
		a.Password = stored.Password
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	d := s.kit.dialer
	if d.Timeout == 0 {
		d.Timeout = 15 * time.Second
	}
	err := mailer.TestConnection(ctx, d, a)
	res := TestResult{OK: err == nil, Millis: time.Since(start).Milliseconds(), Message: "Connected, TLS and login accepted."}
	if err != nil {
		res.Message = err.Error()
	}
	return res, nil
}

// Secrets says where passwords are stored, with the warning to show when no keyring exists.
func (s *SMTP) Secrets() (SecretInfo, error) {
	info := SecretInfo{Backend: s.kit.secrets.Backend(), Warning: s.kit.secrets.Warning()}
	return info, nil
}
