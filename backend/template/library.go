package template

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"commhub/backend/model"
)

//go:embed builtin/*.json
var libraryFiles embed.FS

// Builtin is one template of the library shipped in the binary; Key is its file name.
type Builtin struct {
	Key string
	Content
}

// Library reads the built-in templates, in the order their file names give (a number
// prefix orders the gallery). A broken file is a build defect the library test catches.
func Library() ([]Builtin, error) {
	entries, err := libraryFiles.ReadDir("builtin")
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	out := make([]Builtin, 0, len(names))
	for _, name := range names {
		raw, err := libraryFiles.ReadFile(path.Join("builtin", name))
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		var c Content
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("built-in template %s: %w", name, err)
		}
		key := strings.TrimSuffix(name, ".json")
		if i := strings.IndexByte(key, '-'); i > 0 && strings.Trim(key[:i], "0123456789") == "" {
			key = key[i+1:]
		}
		out = append(out, Builtin{Key: key, Content: Normalize(c)})
	}
	return out, nil
}

// SyncLibrary makes the templates table hold exactly this build's built-ins: new ones are
// added, changed ones refreshed in place (their uses stay), retired ones removed. A user
// template that happens to carry a new built-in's name is renamed "… (mine)".
func SyncLibrary(ctx context.Context, db *gorm.DB, now time.Time) error {
	lib, err := Library()
	if err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		keys := make([]string, len(lib))
		for i, b := range lib {
			keys[i] = b.Key
			if err := syncOne(tx, b, i, now); err != nil {
				return fmt.Errorf("built-in template %s: %w", b.Key, err)
			}
		}
		return tx.Where("built_in AND key NOT IN ?", keys).Delete(&model.Template{}).Error
	})
}

func syncOne(tx *gorm.DB, b Builtin, pos int, now time.Time) error {
	aud, err := audienceJSON(b.Audience)
	if err != nil {
		return err
	}
	key := b.Key
	row := model.Template{Key: &key, BuiltIn: true, Name: b.Name, Category: b.Category, Description: b.Description,
		Kind: b.Kind, RecipientKind: b.RecipientKind, Subject: b.Subject, Theme: b.Theme, Header: b.Header, Body: b.Body,
		Footer: b.Footer, Unsubscribe: b.Unsubscribe, Audience: aud, Position: pos, UpdatedAt: now.UTC()}
	var cur model.Template
	if err := tx.Where("key = ?", key).Limit(1).Find(&cur).Error; err != nil {
		return err
	}
	err = tx.Model(&model.Template{}).Where("name = ? COLLATE NOCASE AND NOT built_in", b.Name).
		Update("name", b.Name+" (mine)").Error
	if err != nil {
		return err
	}
	if cur.ID == 0 {
		row.CreatedAt = now.UTC()
		return tx.Create(&row).Error
	}
	same := cur.Name == row.Name && cur.Category == row.Category && cur.Description == row.Description &&
		cur.Kind == row.Kind && cur.RecipientKind == row.RecipientKind && cur.Subject == row.Subject &&
		cur.Theme == row.Theme && cur.Header == row.Header && cur.Body == row.Body && cur.Footer == row.Footer &&
		cur.Unsubscribe == row.Unsubscribe && cur.Audience == row.Audience && cur.Position == row.Position
	if same {
		return nil
	}
	row.ID, row.CreatedAt = cur.ID, cur.CreatedAt
	return tx.Save(&row).Error
}
