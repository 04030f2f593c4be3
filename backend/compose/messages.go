package compose

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"commhub/backend/fault"
	"commhub/backend/model"
)

// Normalize fills defaults and tidies a draft: trimmed fields, known kinds, offers and
// recipient lists without duplicates, lower-case email addresses.
func Normalize(m model.Message) model.Message {
	m.Name = strings.TrimSpace(m.Name)
	m.FromName, m.FromEmail, m.ReplyTo = strings.TrimSpace(m.FromName), strings.TrimSpace(m.FromEmail), strings.TrimSpace(m.ReplyTo)
	if m.Kind != model.MessageOfferDetails {
		m.Kind = model.MessageGeneral
		m.Offers = nil
	}
	switch m.RecipientKind {
	case model.RecipientPartners, model.RecipientAdvertisers, model.RecipientEmployees:
	default:
		m.RecipientKind = model.RecipientPartners
	}
	switch m.Theme {
	case model.ThemeBlank, model.ThemeLogo, model.ThemeBranded:
	default:
		m.Theme = model.ThemeBranded
	}
	if m.Status == "" {
		m.Status = model.MessageDraft
	}
	m.Offers = uniqueIDs(m.Offers)
	r := &m.Recipients
	r.IDs, r.ExcludeIDs = uniqueIDs(r.IDs), uniqueIDs(r.ExcludeIDs)
	r.Emails, r.ExcludeEmails = uniqueEmails(r.Emails), uniqueEmails(r.ExcludeEmails)
	return m
}

func uniqueIDs(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := []int64{}
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func uniqueEmails(es []string) []string {
	seen := make(map[string]bool, len(es))
	out := []string{}
	for _, e := range es {
		e = strings.ToLower(strings.TrimSpace(e))
		if e != "" && !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

// Save stores a draft and returns its ID. Drafts save whatever their problems (the
// editor autosaves while the user types); only a message in flight cannot be changed.
// The status is the server's alone: whatever the caller's copy says, a new message is a
// draft and a stored one keeps its status. Every save bumps the revision inside the same
// write transaction a send's start checks it in, so a save and a send never interleave.
func Save(ctx context.Context, db *gorm.DB, m model.Message, now time.Time) (int64, error) {
	m = Normalize(m)
	if err := checkLines(m); err != nil {
		return 0, err
	}
	m.UpdatedAt = now.UTC()
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if m.ID == 0 {
			m.CreatedAt, m.Status, m.Revision = now.UTC(), model.MessageDraft, 1
			return tx.Create(&m).Error
		}
		var cur model.Message
		if err := tx.Select("id", "status", "revision", "created_at").Take(&cur, m.ID).Error; err != nil {
			return fault.NotFoundf("message %d does not exist (it may have been deleted): reload the list", m.ID)
		}
		if cur.Status == model.MessageSending || cur.Status == model.MessageSent {
			return fault.Conflictf("message %d is %s and can no longer be edited: duplicate it instead", m.ID, cur.Status)
		}
		m.CreatedAt, m.Status, m.Revision = cur.CreatedAt, cur.Status, cur.Revision+1
		return tx.Save(&m).Error
	})
	if err != nil {
		if fault.KindOf(err) != fault.Internal {
			return 0, err
		}
		return 0, fmt.Errorf("save message %q: %w", m.Subject, err)
	}
	return m.ID, nil
}

// Summary is one row of the message list.
type Summary struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	Subject       string    `json:"subject"`
	Kind          string    `json:"kind"`
	RecipientKind string    `json:"recipientKind"`
	Status        string    `json:"status"`
	Offers        int       `json:"offers"`
	UpdatedAt     time.Time `json:"updatedAt"`
}

// List returns every message, most recently changed first.
func List(ctx context.Context, db *gorm.DB) ([]Summary, error) {
	var rows []model.Message
	err := db.WithContext(ctx).Select("id", "name", "subject", "kind", "recipient_kind", "status", "offers", "updated_at").
		Order("updated_at DESC, id DESC").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list messages: %w", err)
	}
	out := make([]Summary, len(rows))
	for i, m := range rows {
		out[i] = Summary{ID: m.ID, Name: m.Name, Subject: m.Subject, Kind: m.Kind, RecipientKind: m.RecipientKind,
			Status: m.Status, Offers: len(m.Offers), UpdatedAt: m.UpdatedAt}
	}
	return out, nil
}

// Delete removes a message that is not being sent.
func Delete(ctx context.Context, db *gorm.DB, id int64) error {
	m, err := Get(ctx, db, id)
	if err != nil {
		return err
	}
	if m.Status == model.MessageSending {
		return fault.Conflictf("message %d is being sent: cancel the run before deleting it", id)
	}
	return db.WithContext(ctx).Delete(&model.Message{}, id).Error
}

// Duplicate copies a message into a new draft (the way to resend or adapt a sent one).
func Duplicate(ctx context.Context, db *gorm.DB, id int64, now time.Time) (int64, error) {
	m, err := Get(ctx, db, id)
	if err != nil {
		return 0, err
	}
	m.ID = 0
	if m.Name != "" {
		m.Name = "Copy of " + m.Name
	}
	return Save(ctx, db, m, now)
}

// ErrChanged says the message was saved again after the revision a send compiled.
var ErrChanged = errors.New("the message was changed while its send was starting")

// StartSending marks a message as being sent, inside the caller's write transaction
// (the one that records the send), provided it is still the revision the send compiled.
// From then on Save refuses it, so the stored message is exactly what is sent.
func StartSending(tx *gorm.DB, id, revision int64) error {
	res := tx.Model(&model.Message{}).Where("id = ? AND revision = ?", id, revision).
		Update("status", model.MessageSending)
	if res.Error != nil {
		return fmt.Errorf("mark message %d as sending: %w", id, res.Error)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var n int64
	if err := tx.Model(&model.Message{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return fault.NotFoundf("message %d does not exist (it may have been deleted)", id)
	}
	return ErrChanged
}

// SetStatus records where a message's sending ended: sent, or ready when a cancelled
// send reached nobody.
func SetStatus(db *gorm.DB, id int64, status string) error {
	switch status {
	case model.MessageSent, model.MessageReady, model.MessageSending, model.MessageScheduled:
	default:
		return fmt.Errorf("message %d: %q is not a status sending can leave a message in", id, status)
	}
	return db.Model(&model.Message{}).Where("id = ?", id).Update("status", status).Error
}

// MarkScheduled freezes a message for its schedule, inside the caller's transaction (the
// one that stores the schedule). A message being sent, or already sent, is refused.
func MarkScheduled(tx *gorm.DB, id int64) error {
	var cur model.Message
	if err := tx.Select("id", "status").Take(&cur, id).Error; err != nil {
		return fault.NotFoundf("message %d does not exist (it may have been deleted): reload the list", id)
	}
	switch cur.Status {
	case model.MessageSending:
		return fault.Conflictf("message %d is being sent now: wait for its run to finish, or cancel it, before scheduling it", id)
	case model.MessageSent:
		return fault.Conflictf("message %d was already sent: duplicate it to schedule a new send, or use send again", id)
	}
	return tx.Model(&model.Message{}).Where("id = ?", id).Update("status", model.MessageScheduled).Error
}

// Unfreeze takes a scheduled message back to draft, inside the caller's transaction (the
// one that removes its schedule). It reports whether the message was scheduled.
func Unfreeze(tx *gorm.DB, id int64) (bool, error) {
	res := tx.Model(&model.Message{}).Where("id = ? AND status = ?", id, model.MessageScheduled).Update("status", model.MessageDraft)
	return res.RowsAffected == 1, res.Error
}
