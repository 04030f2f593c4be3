package platform

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"commhub/backend/model"
)

// Encoder is a Platform that turns network IDs into the encoded IDs its tracking links
// carry, so every link builds offline without fetching one link per partner.
type Encoder interface {
	// EncodeIDs returns the encoded ID of each of ids that the platform knows; kind is
	// "partner" or "offer".
	EncodeIDs(ctx context.Context, kind string, ids []int64) (map[int64]string, error)
}

// encodeBatch is how many IDs go into one encode request.
const encodeBatch = 100

// encode fills the encoded ID of every partner and offer that has none.
func (s *Sync) encode(ctx context.Context, e Encoder, rep *Report, progress func(int)) error {
	for _, kind := range []struct{ name, table string }{{"partner", "partners"}, {"offer", "offers"}} {
		after := int64(0)
		for {
			var ids []int64
			if err := s.DB.Raw("SELECT id FROM "+kind.table+" WHERE encoded_id = '' AND id > ? ORDER BY id LIMIT ?", after, encodeBatch).Scan(&ids).Error; err != nil {
				return err
			}
			if len(ids) == 0 {
				break
			}
			after = ids[len(ids)-1]
			codes, err := e.EncodeIDs(ctx, kind.name, ids)
			if err != nil {
				return fmt.Errorf("encode %s IDs: %w", kind.name, err)
			}
			err = s.DB.Transaction(func(tx *gorm.DB) error {
				for id, code := range codes {
					if err := tx.Exec("UPDATE "+kind.table+" SET encoded_id = ? WHERE id = ? AND encoded_id = ''", code, id).Error; err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			rep.Encoded += len(codes)
			progress(rep.Encoded)
		}
	}
	return nil
}

// ensureManagers adds to the team each account manager that rows name and the employee
// list did not bring, under the network's own ID, named as the row names them.
func (s *Sync) ensureManagers(managers map[int64]string) error {
	for id, name := range managers {
		if name == "" {
			name = "Account manager " + strconv.FormatInt(id, 10)
		}
		err := s.DB.Exec("INSERT INTO employees (id, name, email, role, demo) VALUES (?, ?, '', 'Account Manager', 0) ON CONFLICT(id) DO NOTHING", id, name).Error
		if err != nil {
			return fmt.Errorf("add account manager %s: %w", name, err)
		}
	}
	return nil
}

func partnerManagers(rows []model.Partner) map[int64]string {
	m := map[int64]string{}
	for _, r := range rows {
		if r.AccountManagerID != nil {
			m[*r.AccountManagerID] = r.AccountManagerName
		}
	}
	return m
}

func advertiserManagers(rows []model.Advertiser) map[int64]string {
	m := map[int64]string{}
	for _, r := range rows {
		if r.AccountManagerID != nil {
			m[*r.AccountManagerID] = r.AccountManagerName
		}
	}
	return m
}

// missing is what one phase read without the fields a message needs, counted per field.
type missing map[string]int

func (m missing) note(rep *Report, phase, total string) {
	for _, what := range []string{"email", "contact", "name", "country", "manager", "encoded"} {
		n := m[what]
		if n == 0 {
			continue
		}
		noun, have := total, "have"
		if n == 1 {
			noun, have = strings.TrimSuffix(total, "s"), "has"
		}
		var text string
		switch what {
		case "email":
			text = fmt.Sprintf("%d %s %s no user with an e-mail (neither the table's users nor the users endpoint gave one): add e-mails by import", n, noun, have)
		case "contact":
			text = fmt.Sprintf("%d %s %s no contact e-mail (the table has none and the advertiser users endpoint gave none): add contacts by import", n, noun, have)
		case "name":
			text = fmt.Sprintf("%d %s %s an e-mail but no first or last name", n, noun, have)
		case "country":
			text = fmt.Sprintf("%d %s %s no country code", n, noun, have)
		case "manager":
			text = fmt.Sprintf("%d %s %s no account manager", n, noun, have)
		case "encoded":
			text = fmt.Sprintf("%d %s still %s no encoded ID: tracking links to them cannot be built", n, noun, have)
		}
		rep.Missing = append(rep.Missing, PhaseNote{Phase: phase, Text: text})
	}
}
