package audience

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"commhub/backend/fault"
	"commhub/backend/model"
)

// ExportFormat names the export document, so an import can tell it from other JSON.
const ExportFormat = "commhub.audiences"

// Document is the export/import file: docs/audiences.md describes it.
type Document struct {
	Format    string     `json:"format"`
	Version   int        `json:"version"`
	Audiences []Portable `json:"audiences"`
}

// Portable is an audience without its local history (ID, uses).
type Portable struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Rules       Rules  `json:"rules"`
}

// Export writes the chosen audiences (all when ids is empty) as an indented JSON document.
func Export(ctx context.Context, db *gorm.DB, ids []int64) (string, error) {
	q := db.WithContext(ctx).Order("lower(name)")
	if len(ids) > 0 {
		q = q.Where("id IN ?", ids)
	}
	var rows []model.Audience
	if err := q.Find(&rows).Error; err != nil {
		return "", err
	}
	doc := Document{Format: ExportFormat, Version: 1, Audiences: []Portable{}}
	for _, a := range rows {
		var r Rules
		if err := json.Unmarshal([]byte(a.Rules), &r); err != nil {
			return "", fault.Invalidf("audience %q has unreadable rules (%v): open it in the editor and save it again", a.Name, err)
		}
		doc.Audiences = append(doc.Audiences, Portable{Name: a.Name, Description: a.Description, Rules: r})
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	return string(out), err
}

// ImportResult says what an import did; Errors name each audience that was not imported.
type ImportResult struct {
	Created int      `json:"created"`
	Updated int      `json:"updated"`
	Errors  []string `json:"errors"`
}

// Import reads an export document. Each audience is validated on its own: good ones are
// saved (an existing name is updated in place, keeping its uses), bad ones are reported.
func Import(ctx context.Context, db *gorm.DB, text string) (ImportResult, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.DisallowUnknownFields()
	var doc Document
	if err := dec.Decode(&doc); err != nil {
		return ImportResult{}, fault.Invalidf("the file is not an audience export (%v): export audiences from CommHub and import that file", err)
	}
	if doc.Format != ExportFormat {
		return ImportResult{}, fault.Invalidf("the file's format is %q, not %q: export audiences from CommHub and import that file", doc.Format, ExportFormat)
	}
	if doc.Version != 1 {
		return ImportResult{}, fault.Invalidf("the file is version %d of the audience format; this CommHub reads version 1: update CommHub", doc.Version)
	}
	res := ImportResult{Errors: []string{}}
	for i, p := range doc.Audiences {
		var existing model.Audience
		err := db.WithContext(ctx).Where("lower(name) = lower(?)", strings.TrimSpace(p.Name)).Limit(1).Find(&existing).Error
		if err != nil {
			return res, err
		}
		_, err = Save(ctx, db, Saved{ID: existing.ID, Name: p.Name, Description: p.Description, Rules: p.Rules})
		switch {
		case err != nil && fault.KindOf(err) == fault.Internal:
			return res, err
		case err != nil:
			res.Errors = append(res.Errors, fmt.Sprintf("audience %d (%q): %v", i+1, p.Name, err))
		case existing.ID != 0:
			res.Updated++
		default:
			res.Created++
		}
	}
	return res, nil
}
