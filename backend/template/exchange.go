package template

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"gorm.io/gorm"

	"commhub/backend/fault"
	"commhub/backend/model"
)

// ExportFormat names the export document, so an import can tell it from other JSON.
const ExportFormat = "commhub.templates"

// Document is the export/import file: docs/templates.md describes it.
type Document struct {
	Format    string    `json:"format"`
	Version   int       `json:"version"`
	Templates []Content `json:"templates"`
}

// Export writes the chosen templates as an indented JSON document; with no ids, every
// user template (the built-ins ship with every CommHub).
func Export(ctx context.Context, db *gorm.DB, ids []int64) (string, error) {
	q := db.WithContext(ctx).Order("built_in DESC, position, lower(name)")
	if len(ids) > 0 {
		q = q.Where("id IN ?", ids)
	} else {
		q = q.Where("NOT built_in")
	}
	var rows []model.Template
	if err := q.Find(&rows).Error; err != nil {
		return "", fmt.Errorf("export templates: %w", err)
	}
	doc := Document{Format: ExportFormat, Version: 1, Templates: []Content{}}
	for _, r := range rows {
		t, err := fromRow(r)
		if err != nil {
			return "", err
		}
		doc.Templates = append(doc.Templates, t.Content)
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	return string(out), err
}

// ImportError is one problem of one template of an import file.
type ImportError struct {
	// Index is the template's place in the file, from 1.
	Index    int    `json:"index"`
	Template string `json:"template"`
	Field    string `json:"field"`
	Message  string `json:"message"`
}

// ImportResult says what an import did. With any error nothing was imported.
type ImportResult struct {
	Created int           `json:"created"`
	Updated int           `json:"updated"`
	Errors  []ImportError `json:"errors"`
}

// Import reads an export document. Every template is checked first; if any has a problem,
// nothing is written and every problem is reported with its template and field. Otherwise
// all are written in one transaction: a user template of the same name is updated in
// place (its uses stay), others are created. A copy of a built-in identical to it is
// skipped; a changed one under a built-in's name must be renamed.
func Import(ctx context.Context, db *gorm.DB, text string, now time.Time) (ImportResult, error) {
	doc, err := decode(text)
	if err != nil {
		return ImportResult{}, err
	}
	res := ImportResult{Errors: []ImportError{}}
	type plan struct {
		id int64
		c  Content
	}
	var todo []plan
	seen := map[string]int{}
	for i, raw := range doc.Templates {
		c, errs, err := Validate(ctx, db, raw)
		if err != nil {
			return ImportResult{}, err
		}
		fail := func(field, msg string) {
			res.Errors = append(res.Errors, ImportError{Index: i + 1, Template: c.Name, Field: field, Message: msg})
		}
		for _, e := range errs {
			fail(e.Field, e.Message)
		}
		key := strings.ToLower(c.Name)
		if first, dup := seen[key]; dup && c.Name != "" {
			fail("name", fmt.Sprintf("template %d of the file has the same name: names must be unique", first))
			continue
		}
		seen[key] = i + 1
		var cur model.Template
		if err := db.WithContext(ctx).Where("name = ? COLLATE NOCASE", c.Name).Limit(1).Find(&cur).Error; err != nil {
			return ImportResult{}, err
		}
		if cur.BuiltIn {
			if t, err := fromRow(cur); err == nil {
				if same, _, err := Validate(ctx, db, t.Content); err == nil && reflect.DeepEqual(same, c) {
					continue
				}
			}
			fail("name", "a built-in template has this name: rename yours to import it")
			continue
		}
		if len(errs) == 0 {
			todo = append(todo, plan{cur.ID, c})
		}
	}
	if len(res.Errors) > 0 {
		return res, nil
	}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, p := range todo {
			if _, err := write(tx, p.id, p.c, now); err != nil {
				return fmt.Errorf("import template %q: %w", p.c.Name, err)
			}
			if p.id != 0 {
				res.Updated++
			} else {
				res.Created++
			}
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func decode(text string) (Document, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.DisallowUnknownFields()
	var doc Document
	if err := dec.Decode(&doc); err != nil {
		return doc, invalidFile("the file is not a template export (%v): export templates from CommHub and import that file", err)
	}
	if doc.Format != ExportFormat {
		return doc, invalidFile("the file's format is %q, not %q: export templates from CommHub and import that file", doc.Format, ExportFormat)
	}
	if doc.Version != 1 {
		return doc, invalidFile("the file is version %d of the template format; this CommHub reads version 1: update CommHub", doc.Version)
	}
	if len(doc.Templates) == 0 {
		return doc, invalidFile("the file holds no templates")
	}
	return doc, nil
}

func invalidFile(format string, args ...any) error { return fault.Invalidf(format, args...) }
