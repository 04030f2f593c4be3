package template

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"commhub/backend/audience"
	"commhub/backend/compose"
	"commhub/backend/fault"
	"commhub/backend/model"
	"commhub/backend/settings"
)

// Message turns a template into an unsaved draft with the sender defaults from Settings:
// no recipients and no offers yet.
func Message(db *gorm.DB, c Content) (model.Message, error) {
	s, err := settings.Load(db)
	if err != nil {
		return model.Message{}, err
	}
	return compose.Normalize(model.Message{Name: c.Name, Kind: c.Kind, RecipientKind: c.RecipientKind, Subject: c.Subject,
		Theme: c.Theme, Body: c.MessageBody(), FromName: s.DefaultFromName, FromEmail: s.DefaultFromEmail, ReplyTo: s.DefaultReplyTo}), nil
}

// Use makes a new draft from a template, with its suggested audience saved (or found)
// and preselected and, for Offer Details, no offers: the user picks them. The use is
// counted. It returns the new message's ID.
func Use(ctx context.Context, db *gorm.DB, id int64, now time.Time) (int64, error) {
	t, err := Get(ctx, db, id, now)
	if err != nil {
		return 0, err
	}
	var msgID int64
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		m, err := Message(tx, t.Content)
		if err != nil {
			return err
		}
		if t.Audience != nil {
			aid, err := suggestedAudience(ctx, tx, *t.Audience)
			if err != nil {
				return fmt.Errorf("template %q: suggested audience: %w", t.Name, err)
			}
			m.Recipients.AudienceID = &aid
		}
		if msgID, err = compose.Save(ctx, tx, m, now); err != nil {
			return err
		}
		return tx.Create(&model.TemplateUse{TemplateID: id, MessageID: msgID, UsedAt: now.UTC()}).Error
	})
	return msgID, err
}

// suggestedAudience returns the saved audience with the suggestion's name and rules,
// saving it first when there is none. A saved audience of that name with other rules is
// the user's own and stays as it is: the suggestion is saved under a numbered name.
func suggestedAudience(ctx context.Context, db *gorm.DB, p audience.Portable) (int64, error) {
	rules, err := audience.Validate(ctx, db, p.Rules)
	if err != nil {
		return 0, err
	}
	want, err := json.Marshal(rules)
	if err != nil {
		return 0, err
	}
	name := p.Name
	for n := 1; ; n++ {
		if n > 1 {
			name = fmt.Sprintf("%s (%d)", p.Name, n)
		}
		var found model.Audience
		if err := db.Where("lower(name) = lower(?)", name).Limit(1).Find(&found).Error; err != nil {
			return 0, err
		}
		if found.ID == 0 {
			return audience.Save(ctx, db, audience.Saved{Name: name, Description: p.Description, Rules: rules})
		}
		if found.Rules == string(want) {
			return found.ID, nil
		}
		if n > 50 {
			return 0, fault.Conflictf("audiences %q to %q all exist with other rules: rename some", p.Name, name)
		}
	}
}

// FromMessage saves a stored message as a new user template named name: its kind,
// subject, theme and body, and its saved audience (if it has one) as the suggestion.
// Offers are not kept: whoever uses the template picks them.
func FromMessage(ctx context.Context, db *gorm.DB, messageID int64, name string, now time.Time) (int64, error) {
	m, err := compose.Get(ctx, db, messageID)
	if err != nil {
		return 0, err
	}
	c := Content{Name: name, Category: DefaultCategory, Kind: m.Kind, RecipientKind: m.RecipientKind,
		Subject: m.Subject, Theme: m.Theme, Body: m.Body, Description: "Saved from the message “" + m.Subject + "”."}
	if r := []rune(c.Description); len(r) > MaxDescription {
		c.Description = string(r[:MaxDescription-2]) + "”."
	}
	if a := m.Recipients.AudienceID; a != nil && m.RecipientKind != model.RecipientEmployees {
		saved, rules, err := audience.Load(db.WithContext(ctx), *a)
		if err != nil && fault.KindOf(err) == fault.Internal {
			return 0, err
		}
		if err == nil {
			c.Audience = &audience.Portable{Name: saved.Name, Description: saved.Description, Rules: rules}
		}
	}
	return Save(ctx, db, 0, c, now)
}
