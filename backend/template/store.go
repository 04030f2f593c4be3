package template

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"commhub/backend/audience"
	"commhub/backend/fault"
	"commhub/backend/model"
)

// RankWindow is how far back uses count when the list ranks templates.
const RankWindow = 100 * 24 * time.Hour

// Summary is one card of the gallery.
type Summary struct {
	ID            int64      `json:"id"`
	Name          string     `json:"name"`
	Category      string     `json:"category"`
	Kind          string     `json:"kind"`
	RecipientKind string     `json:"recipientKind"`
	Description   string     `json:"description"`
	BuiltIn       bool       `json:"builtIn"`
	Uses          int64      `json:"uses"`
	LastUsedAt    *time.Time `json:"lastUsedAt"`
	Subject       string     `json:"subject"`
	AudienceName  string     `json:"audienceName"`
	UpdatedAt     time.Time  `json:"updatedAt"`
}

type usage struct {
	TemplateID int64
	Uses       int64
	LastUsed   string
}

// usesSince counts each template's uses after since, and when it was last used at all.
// only limits the count to one template when it is not 0.
func usesSince(ctx context.Context, db *gorm.DB, since time.Time, only int64) (map[int64]usage, error) {
	var rows []usage
	err := db.WithContext(ctx).Raw(`SELECT template_id, sum(CASE WHEN used_at >= ? THEN 1 ELSE 0 END) AS uses,
		max(used_at) AS last_used FROM template_uses WHERE ? = 0 OR template_id = ? GROUP BY template_id`,
		since.UTC(), only, only).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("count template uses: %w", err)
	}
	out := make(map[int64]usage, len(rows))
	for _, r := range rows {
		out[r.TemplateID] = r
	}
	return out, nil
}

func parseTime(s string) *time.Time {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return &t
		}
	}
	return nil
}

// List returns every template, most used in the last RankWindow first; then the most
// recently used, then the built-ins in library order, then the user's by name. Uses
// counts the window only.
func List(ctx context.Context, db *gorm.DB, now time.Time) ([]Summary, error) {
	var rows []model.Template
	if err := db.WithContext(ctx).Order("built_in DESC, position, lower(name)").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	used, err := usesSince(ctx, db, now.Add(-RankWindow), 0)
	if err != nil {
		return nil, err
	}
	out := make([]Summary, 0, len(rows))
	for _, t := range rows {
		u := used[t.ID]
		s := Summary{ID: t.ID, Name: t.Name, Category: t.Category, Kind: t.Kind, RecipientKind: t.RecipientKind,
			Description: t.Description, BuiltIn: t.BuiltIn, Uses: u.Uses, LastUsedAt: parseTime(u.LastUsed), Subject: t.Subject, UpdatedAt: t.UpdatedAt}
		if a, err := audienceOf(t.Audience); err == nil && a != nil {
			s.AudienceName = a.Name
		}
		out = append(out, s)
	}
	sortByUse(out)
	return out, nil
}

// sortByUse is a stable sort that keeps the given order among equals.
func sortByUse(s []Summary) {
	later := func(a, b *time.Time) bool {
		switch {
		case a == nil:
			return false
		case b == nil:
			return true
		}
		return a.After(*b)
	}
	for i := 1; i < len(s); i++ {
		for j := i; j > 0; j-- {
			a, b := &s[j], &s[j-1]
			if a.Uses > b.Uses || (a.Uses == b.Uses && a.Uses > 0 && later(a.LastUsedAt, b.LastUsedAt)) {
				s[j], s[j-1] = s[j-1], s[j]
				continue
			}
			break
		}
	}
}

// Get returns one template with its uses in the ranking window.
func Get(ctx context.Context, db *gorm.DB, id int64, now time.Time) (Template, error) {
	var row model.Template
	err := db.WithContext(ctx).Take(&row, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Template{}, fault.NotFoundf("template %d does not exist (deleted?): reload the templates", id)
	}
	if err != nil {
		return Template{}, fmt.Errorf("read template %d: %w", id, err)
	}
	t, err := fromRow(row)
	if err != nil {
		return Template{}, err
	}
	used, err := usesSince(ctx, db, now.Add(-RankWindow), id)
	if err != nil {
		return Template{}, err
	}
	t.Uses, t.LastUsedAt = used[id].Uses, parseTime(used[id].LastUsed)
	return t, nil
}

func fromRow(row model.Template) (Template, error) {
	a, err := audienceOf(row.Audience)
	if err != nil {
		return Template{}, fault.Invalidf("template %q has an unreadable suggested audience (%v): edit it and save it again", row.Name, err)
	}
	t := Template{ID: row.ID, BuiltIn: row.BuiltIn, CreatedAt: row.CreatedAt, UpdatedAt: row.UpdatedAt, Content: Content{
		Name: row.Name, Category: row.Category, Description: row.Description, Kind: row.Kind, RecipientKind: row.RecipientKind,
		Subject: row.Subject, Theme: row.Theme, Header: row.Header, Body: row.Body, Footer: row.Footer,
		Unsubscribe: row.Unsubscribe, Audience: a,
	}}
	if row.Key != nil {
		t.Key = *row.Key
	}
	return t, nil
}

// Validate normalizes a template and checks it completely, audience rules included
// (an offer they name must exist). It returns the normalized template and its problems.
func Validate(ctx context.Context, db *gorm.DB, c Content) (Content, []FieldError, error) {
	c = Normalize(c)
	errs := Check(c)
	if c.Audience != nil && c.RecipientKind != model.RecipientEmployees {
		rules, err := audience.Validate(ctx, db, c.Audience.Rules)
		switch {
		case err != nil && fault.KindOf(err) == fault.Internal:
			return c, nil, err
		case err != nil:
			errs = append(errs, FieldError{"audience.rules", err.Error()})
		default:
			c.Audience.Rules = rules
		}
	}
	return c, errs, nil
}

func joinErrors(errs []FieldError) string {
	s := make([]string, len(errs))
	for i, e := range errs {
		s[i] = e.String()
	}
	return strings.Join(s, "; ")
}

// Save validates and stores a user template (new when id is 0) and returns its ID.
// Built-ins are read-only: duplicate one to change it.
func Save(ctx context.Context, db *gorm.DB, id int64, c Content, now time.Time) (int64, error) {
	c, errs, err := Validate(ctx, db, c)
	if err != nil {
		return 0, err
	}
	if len(errs) > 0 {
		return 0, fault.Invalidf("template %q cannot be saved: %s", c.Name, joinErrors(errs))
	}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		id, err = write(tx, id, c, now)
		return err
	})
	return id, err
}

// write stores a checked template inside tx.
func write(tx *gorm.DB, id int64, c Content, now time.Time) (int64, error) {
	var clash model.Template
	if err := tx.Select("id", "built_in").Where("name = ? COLLATE NOCASE AND id <> ?", c.Name, id).Limit(1).Find(&clash).Error; err != nil {
		return 0, err
	}
	if clash.ID != 0 {
		what := "a template"
		if clash.BuiltIn {
			what = "a built-in template"
		}
		return 0, fault.Conflictf("%s named %q already exists: pick another name", what, c.Name)
	}
	aud, err := audienceJSON(c.Audience)
	if err != nil {
		return 0, err
	}
	row := model.Template{ID: id, Name: c.Name, Category: c.Category, Description: c.Description, Kind: c.Kind,
		RecipientKind: c.RecipientKind, Subject: c.Subject, Theme: c.Theme, Header: c.Header, Body: c.Body,
		Footer: c.Footer, Unsubscribe: c.Unsubscribe, Audience: aud, UpdatedAt: now.UTC()}
	if id == 0 {
		row.CreatedAt = now.UTC()
		if err := tx.Create(&row).Error; err != nil {
			return 0, fmt.Errorf("save template %q: %w", c.Name, err)
		}
		return row.ID, nil
	}
	var cur model.Template
	if err := tx.Select("id", "built_in", "created_at").Take(&cur, id).Error; err != nil {
		return 0, fault.NotFoundf("template %d does not exist (deleted?): save it as a new template", id)
	}
	if cur.BuiltIn {
		return 0, fault.Conflictf("%q is a built-in template and cannot be edited: duplicate it and edit the copy", c.Name)
	}
	row.CreatedAt = cur.CreatedAt
	if err := tx.Save(&row).Error; err != nil {
		return 0, fmt.Errorf("save template %q: %w", c.Name, err)
	}
	return id, nil
}

// Delete removes a user template; built-ins stay.
func Delete(ctx context.Context, db *gorm.DB, id int64) error {
	var row model.Template
	err := db.WithContext(ctx).Select("id", "name", "built_in").Take(&row, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fault.NotFoundf("template %d does not exist (already deleted?)", id)
	}
	if err != nil {
		return err
	}
	if row.BuiltIn {
		return fault.Conflictf("%q is a built-in template and cannot be deleted: it ships with CommHub", row.Name)
	}
	return db.WithContext(ctx).Delete(&model.Template{}, id).Error
}

// Duplicate copies any template into a new user template named "Copy of …" and returns
// its ID: the way to change a built-in.
func Duplicate(ctx context.Context, db *gorm.DB, id int64, now time.Time) (int64, error) {
	t, err := Get(ctx, db, id, now)
	if err != nil {
		return 0, err
	}
	c := t.Content
	c.Name, err = freeName(ctx, db, "Copy of "+t.Name)
	if err != nil {
		return 0, err
	}
	return Save(ctx, db, 0, c, now)
}

// freeName returns name, or name with the first free counter: "Copy of X (2)".
func freeName(ctx context.Context, db *gorm.DB, name string) (string, error) {
	if r := []rune(name); len(r) > MaxName-5 {
		name = string(r[:MaxName-5])
	}
	for n := 1; ; n++ {
		try := name
		if n > 1 {
			try = fmt.Sprintf("%s (%d)", name, n)
		}
		var count int64
		if err := db.WithContext(ctx).Model(&model.Template{}).Where("name = ? COLLATE NOCASE", try).Count(&count).Error; err != nil {
			return "", err
		}
		if count == 0 {
			return try, nil
		}
	}
}
