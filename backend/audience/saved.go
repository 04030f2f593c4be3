package audience

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"commhub/backend/fault"
	"commhub/backend/model"
)

// Saved is an audience as the editor reads and writes it: the rules decoded.
type Saved struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Rules       Rules      `json:"rules"`
	Uses        int64      `json:"uses"`
	LastUsedAt  *time.Time `json:"lastUsedAt"`
	LastCount   int64      `json:"lastCount"`
	CreatedAt   time.Time  `json:"createdAt"`
	UpdatedAt   time.Time  `json:"updatedAt"`
}

const maxName = 120

// Save validates and stores an audience (new when ID is 0) and returns its ID.
// Names are unique regardless of case, so the list and the compose picker stay unambiguous.
func Save(ctx context.Context, db *gorm.DB, a Saved) (int64, error) {
	name := strings.TrimSpace(a.Name)
	if name == "" {
		return 0, fault.Invalidf("the audience needs a name")
	}
	if len([]rune(name)) > maxName {
		return 0, fault.Invalidf("the audience name is %d characters long: keep it under %d", len([]rune(name)), maxName+1)
	}
	rules, err := Validate(ctx, db, a.Rules)
	if err != nil {
		return 0, err
	}
	text, err := json.Marshal(rules)
	if err != nil {
		return 0, err
	}
	var clash int64
	if err := db.WithContext(ctx).Model(&model.Audience{}).Where("lower(name) = lower(?) AND id <> ?", name, a.ID).Count(&clash).Error; err != nil {
		return 0, err
	}
	if clash > 0 {
		return 0, fault.Conflictf("an audience named %q already exists: pick another name or edit that one", name)
	}
	row := model.Audience{ID: a.ID, Name: name, Description: strings.TrimSpace(a.Description), Kind: rules.Kind, Rules: string(text)}
	if a.ID == 0 {
		if err := db.WithContext(ctx).Create(&row).Error; err != nil {
			return 0, err
		}
		return row.ID, nil
	}
	res := db.WithContext(ctx).Model(&model.Audience{}).Where("id = ?", a.ID).
		Updates(map[string]any{"name": row.Name, "description": row.Description, "kind": row.Kind, "rules": row.Rules, "updated_at": time.Now().UTC()})
	if res.Error != nil {
		return 0, res.Error
	}
	if res.RowsAffected == 0 {
		return 0, fault.NotFoundf("audience %d does not exist (deleted?): save it as a new audience", a.ID)
	}
	return a.ID, nil
}

// Load reads a saved audience and its decoded rules (the compose contract).
func Load(db *gorm.DB, audienceID int64) (model.Audience, Rules, error) {
	var a model.Audience
	err := db.Where("id = ?", audienceID).Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return a, Rules{}, fault.NotFoundf("audience %d does not exist (deleted?): pick another audience", audienceID)
	}
	if err != nil {
		return a, Rules{}, err
	}
	var r Rules
	if err := json.Unmarshal([]byte(a.Rules), &r); err != nil {
		return a, Rules{}, fault.Invalidf("audience %q has unreadable rules (%v): open it in the editor and save it again", a.Name, err)
	}
	if r.Kind == "" {
		r.Kind = a.Kind
	}
	return a, r, nil
}

// Get returns a saved audience for the editor.
func Get(ctx context.Context, db *gorm.DB, id int64) (Saved, error) {
	a, r, err := Load(db.WithContext(ctx), id)
	if err != nil {
		return Saved{}, err
	}
	return Saved{ID: a.ID, Name: a.Name, Description: a.Description, Rules: r, Uses: a.Uses,
		LastUsedAt: a.LastUsedAt, LastCount: a.LastCount, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}, nil
}

// MarkUsed records that a send resolved the audience to resolvedCount recipients at at.
func MarkUsed(db *gorm.DB, audienceID int64, resolvedCount int64, at time.Time) error {
	res := db.Model(&model.Audience{}).Where("id = ?", audienceID).Updates(map[string]any{
		"uses": gorm.Expr("uses + 1"), "last_used_at": at.UTC(), "last_count": resolvedCount,
	})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return fault.NotFoundf("audience %d does not exist (deleted?)", audienceID)
	}
	return nil
}

// Delete removes a saved audience.
func Delete(ctx context.Context, db *gorm.DB, id int64) error {
	res := db.WithContext(ctx).Delete(&model.Audience{}, id)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return fault.NotFoundf("audience %d does not exist (already deleted?)", id)
	}
	return nil
}

// Summary is one row of the audience list.
type Summary struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Kind        string     `json:"kind"`
	Size        int64      `json:"size"`
	SizeError   string     `json:"sizeError"`
	Uses        int64      `json:"uses"`
	LastUsedAt  *time.Time `json:"lastUsedAt"`
	LastCount   int64      `json:"lastCount"`
}

// List returns every saved audience, most used first (then most recently used, then by
// name), each with its size now. An audience whose rules no longer hold (a deleted offer)
// is listed with SizeError instead of failing the list.
func List(ctx context.Context, db *gorm.DB, now time.Time, loc *time.Location) ([]Summary, error) {
	var rows []model.Audience
	err := db.WithContext(ctx).Order("uses DESC").Order("last_used_at IS NULL").Order("last_used_at DESC").
		Order("lower(name)").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]Summary, 0, len(rows))
	for _, a := range rows {
		s := Summary{ID: a.ID, Name: a.Name, Description: a.Description, Kind: a.Kind, Uses: a.Uses,
			LastUsedAt: a.LastUsedAt, LastCount: a.LastCount}
		var r Rules
		if err := json.Unmarshal([]byte(a.Rules), &r); err != nil {
			s.SizeError = "unreadable rules: open and save again"
		} else if s.Size, err = CountIn(ctx, db, r, now, loc); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// One audience that cannot be counted (saved before a limit existed, say)
			// must not hide the others.
			s.SizeError = err.Error()
			if fault.KindOf(err) == fault.Internal {
				s.SizeError = "cannot count this audience (" + err.Error() + "): open it and simplify its rules"
			}
		}
		out = append(out, s)
	}
	return out, nil
}
