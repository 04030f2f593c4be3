package mailer

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"commhub/backend/fault"
	"commhub/backend/model"
	"commhub/backend/secret"
)

// Profiles stores SMTP profiles in the database and their passwords in the secret store.
type Profiles struct {
	DB      *gorm.DB
	Secrets *secret.Store
}

func secretKey(id int64) string { return fmt.Sprintf("smtp-profile-%d", id) }

// List returns every profile, the default first, then by name.
func (p *Profiles) List() ([]model.SMTPProfile, error) {
	var out []model.SMTPProfile
	err := p.DB.Order("is_default DESC, name").Find(&out).Error
	return out, err
}

// Get returns one profile; id 0 means the default profile (or the only one).
func (p *Profiles) Get(id int64) (model.SMTPProfile, error) {
	var prof model.SMTPProfile
	q := p.DB
	if id == 0 {
		q = q.Order("is_default DESC, id")
	} else {
		q = q.Where("id = ?", id)
	}
	err := q.Limit(1).Find(&prof).Error
	if err != nil {
		return prof, err
	}
	if prof.ID == 0 {
		if id == 0 {
			return prof, fault.Invalidf("no SMTP profile is set up: add one in Settings → SMTP profiles")
		}
		return prof, fault.NotFoundf("SMTP profile %d does not exist: choose another profile for the message", id)
	}
	return prof, nil
}

// Account returns a profile with its password, ready to dial.
func (p *Profiles) Account(id int64) (Account, error) {
	prof, err := p.Get(id)
	if err != nil {
		return Account{}, err
	}
	a := Account{SMTPProfile: prof}
	if prof.HasPassword {
		pw, err := p.Secrets.Get(secretKey(prof.ID))
		if errors.Is(err, secret.ErrNotFound) {
			return a, fault.Invalidf("the password of SMTP profile %q is missing from the keyring: enter it again in Settings → SMTP profiles", prof.Name)
		}
		if err != nil {
			return a, err
		}
		a.Password = pw
	}
	return a, nil
}

// Save creates or updates a profile. password nil keeps the stored one; a pointer to ""
// removes it. Making a profile the default clears the flag on the others.
func (p *Profiles) Save(prof model.SMTPProfile, password *string) (model.SMTPProfile, error) {
	normalise(&prof)
	if err := Validate(prof); err != nil {
		return prof, err
	}
	var clash int64
	p.DB.Model(&model.SMTPProfile{}).Where("lower(name) = lower(?) AND id <> ?", prof.Name, prof.ID).Count(&clash)
	if clash > 0 {
		return prof, fault.Conflictf("an SMTP profile named %q already exists: choose another name", prof.Name)
	}
	if prof.ID != 0 {
		old, err := p.Get(prof.ID)
		if err != nil {
			return prof, err
		}
		prof.HasPassword, prof.CreatedAt = old.HasPassword, old.CreatedAt
		if password == nil && old.HasPassword {
			if err := PasswordFits(old, prof); err != nil {
				return prof, err
			}
		}
	}
	if password != nil {
		prof.HasPassword = *password != ""
	}
	var count int64
	p.DB.Model(&model.SMTPProfile{}).Where("id <> ?", prof.ID).Count(&count)
	if count == 0 {
		prof.IsDefault = true
	}
	err := p.DB.Transaction(func(tx *gorm.DB) error {
		if prof.IsDefault {
			if err := tx.Model(&model.SMTPProfile{}).Where("id <> ?", prof.ID).Update("is_default", false).Error; err != nil {
				return err
			}
		}
		return tx.Save(&prof).Error
	})
	if err != nil {
		return prof, err
	}
	if password != nil {
		if *password == "" {
			err = p.Secrets.Delete(secretKey(prof.ID))
		} else {
			err = p.Secrets.Set(secretKey(prof.ID), *password)
		}
	}
	return prof, err
}

// Delete removes a profile and its password. A profile a run is still using stays.
func (p *Profiles) Delete(id int64) error {
	prof, err := p.Get(id)
	if err != nil {
		return err
	}
	var active int64
	p.DB.Model(&model.Run{}).Where("profile_id = ? AND status IN ?", id, []string{model.RunRunning, model.RunPaused}).Count(&active)
	if active > 0 {
		return fault.Conflictf("SMTP profile %q is used by %d unfinished send run(s): finish or cancel them first", prof.Name, active)
	}
	if err := p.DB.Delete(&model.SMTPProfile{}, id).Error; err != nil {
		return err
	}
	if prof.IsDefault {
		p.DB.Exec("UPDATE smtp_profiles SET is_default = true WHERE id = (SELECT min(id) FROM smtp_profiles)")
	}
	return p.Secrets.Delete(secretKey(id))
}

// PasswordFits says whether the password stored for profile saved may be sent with the
// settings of edited: only to the server and account it was entered for, and never in the
// clear when it was entered for TLS. Anything else could hand the password to whoever runs
// the new server, or to anyone on the way to it.
func PasswordFits(saved, edited model.SMTPProfile) error {
	normalise(&edited)
	if saved.TLS != model.TLSNone && edited.TLS == model.TLSNone {
		return fault.Invalidf("SMTP profile %q: the stored password was entered for an encrypted connection (TLS %s); it is never sent unencrypted: enter the password again to use TLS none",
			saved.Name, saved.TLS)
	}
	if strings.EqualFold(saved.Host, edited.Host) && saved.Port == edited.Port && saved.Username == edited.Username {
		return nil
	}
	return fault.Invalidf("SMTP profile %q: the stored password was entered for %s; it is never sent to %s: enter the password again to use the changed server or user name",
		saved.Name, account(saved), account(edited))
}

func account(p model.SMTPProfile) string {
	addr := fmt.Sprintf("%s:%d", p.Host, p.Port)
	if p.Username == "" {
		return addr + " (no user name)"
	}
	return "user " + strconv.Quote(p.Username) + " at " + addr
}

func normalise(p *model.SMTPProfile) {
	p.Name = strings.TrimSpace(p.Name)
	p.Host = strings.TrimSpace(p.Host)
	p.Username = strings.TrimSpace(p.Username)
	p.FromEmail = strings.TrimSpace(p.FromEmail)
	p.FromName = strings.TrimSpace(p.FromName)
	p.TLS = strings.ToLower(strings.TrimSpace(p.TLS))
	if p.TLS == "" {
		p.TLS = model.TLSStartTLS
	}
	if p.Concurrency == 0 {
		p.Concurrency = 2
	}
}

// hostName is a DNS name or an IPv4 address; anything else (spaces, line breaks, a port)
// is a typing or pasting mistake.
var hostName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$`)

func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// Validate checks a profile and says which field is wrong and how to fix it.
func Validate(p model.SMTPProfile) error {
	switch {
	case p.Name == "":
		return fault.Invalidf("SMTP profile: the name is empty: give the profile a name")
	case len(p.Name) > 200 || hasControl(p.Name):
		return fault.Invalidf("SMTP profile: the name must be one line of at most 200 characters")
	case !hostName.MatchString(p.Host) || len(p.Host) > 253:
		return fault.Invalidf("SMTP profile %q: host %q is not a host name (letters, digits, dots and hyphens, at most 253 characters, on one line): enter e.g. smtp.example.com", p.Name, p.Host)
	case hasControl(p.Username) || hasControl(p.FromName):
		return fault.Invalidf("SMTP profile %q: the user name and the from name must each be one line, without control characters", p.Name)
	case p.Port < 1 || p.Port > 65535:
		return fault.Invalidf("SMTP profile %q: port %d is out of range: use 587 (STARTTLS), 465 (implicit TLS) or 25", p.Name, p.Port)
	case !slices.Contains(model.TLSModes, p.TLS):
		return fault.Invalidf("SMTP profile %q: TLS %q is not one of none, starttls, implicit", p.Name, p.TLS)
	case p.Concurrency < 1 || p.Concurrency > 50:
		return fault.Invalidf("SMTP profile %q: concurrency %d must be between 1 and 50", p.Name, p.Concurrency)
	case p.PerSecond < 0 || p.PerHour < 0:
		return fault.Invalidf("SMTP profile %q: rate limits cannot be negative (0 means no limit)", p.Name)
	}
	if p.FromEmail != "" {
		if _, err := mail.ParseAddress(p.FromEmail); err != nil {
			return fault.Invalidf("SMTP profile %q: from address %q is not an email address", p.Name, p.FromEmail)
		}
	}
	return nil
}

// TestConnection connects, greets, negotiates TLS, authenticates and says goodbye.
func TestConnection(ctx context.Context, d Dialer, a Account) error {
	c, err := d.Dial(ctx, a)
	if err != nil {
		return err
	}
	c.Close()
	return nil
}

// SendOne sends a single message on its own connection (compose's test send).
func SendOne(ctx context.Context, d Dialer, a Account, m *Message) error {
	if m.FromEmail == "" {
		m.FromName, m.FromEmail = a.FromName, a.FromEmail
	}
	c, err := d.Dial(ctx, a)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Send(m)
}
