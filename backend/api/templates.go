package api

import (
	"context"
	"sync"

	"commhub/backend/compose"
	tpl "commhub/backend/template"
)

// Templates is the template library: built-in best-practice messages and the user's own.
type Templates struct {
	deps Deps
	// synced brings the built-ins of this build into the store once per process.
	synced  sync.Once
	syncErr error
}

func (s *Templates) ready() error {
	s.synced.Do(func() { s.syncErr = tpl.SyncLibrary(context.Background(), s.deps.Store.DB, s.deps.Now()) })
	return s.syncErr
}

// List returns every template, the most used in the last 100 days first.
func (s *Templates) List() ([]tpl.Summary, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return tpl.List(context.Background(), s.deps.Store.DB, s.deps.Now())
}

// Get returns one template with all its parts.
func (s *Templates) Get(id int64) (tpl.Template, error) {
	if err := s.ready(); err != nil {
		return tpl.Template{}, err
	}
	return tpl.Get(context.Background(), s.deps.Store.DB, id, s.deps.Now())
}

// Save stores a user template (new when id is 0) and returns its ID; built-ins are
// read-only (conflict).
func (s *Templates) Save(t tpl.Template) (int64, error) {
	if err := s.ready(); err != nil {
		return 0, err
	}
	return tpl.Save(context.Background(), s.deps.Store.DB, t.ID, t.Content, s.deps.Now())
}

// Validate checks a template without saving it and returns every problem by field.
func (s *Templates) Validate(t tpl.Template) ([]tpl.FieldError, error) {
	_, errs, err := tpl.Validate(context.Background(), s.deps.Store.DB, t.Content)
	if errs == nil {
		errs = []tpl.FieldError{}
	}
	return errs, err
}

// Delete removes a user template; a built-in is a conflict.
func (s *Templates) Delete(id int64) error {
	if err := s.ready(); err != nil {
		return err
	}
	return tpl.Delete(context.Background(), s.deps.Store.DB, id)
}

// Duplicate copies a template (built-in or not) into a new user template.
func (s *Templates) Duplicate(id int64) (int64, error) {
	if err := s.ready(); err != nil {
		return 0, err
	}
	return tpl.Duplicate(context.Background(), s.deps.Store.DB, id, s.deps.Now())
}

// SaveFromMessage saves a stored message as a new user template named name.
func (s *Templates) SaveFromMessage(messageID int64, name string) (int64, error) {
	if err := s.ready(); err != nil {
		return 0, err
	}
	return tpl.FromMessage(context.Background(), s.deps.Store.DB, messageID, name, s.deps.Now())
}

// Use makes a new draft from a template (suggested audience set, no offers yet), counts
// the use and returns the message's ID.
func (s *Templates) Use(id int64) (int64, error) {
	if err := s.ready(); err != nil {
		return 0, err
	}
	return tpl.Use(context.Background(), s.deps.Store.DB, id, s.deps.Now())
}

// Preview renders a stored template as recipientID would receive it (0: the first
// active recipient of its kind).
func (s *Templates) Preview(id, recipientID int64) (compose.Preview, error) {
	t, err := s.Get(id)
	if err != nil {
		return compose.Preview{}, err
	}
	return tpl.Preview(context.Background(), s.deps.Store.DB, t.Content, recipientID, s.deps.Now())
}

// PreviewDraft renders an unsaved template the same way, for the editor.
func (s *Templates) PreviewDraft(t tpl.Template, recipientID int64) (compose.Preview, error) {
	return tpl.Preview(context.Background(), s.deps.Store.DB, tpl.Normalize(t.Content), recipientID, s.deps.Now())
}

// Recipients lists up to 20 recipients of a kind (partners, advertisers, employees) whose
// name or email contains query: who a preview can be shown as.
func (s *Templates) Recipients(kind, query string) ([]tpl.Recipient, error) {
	return tpl.Recipients(context.Background(), s.deps.Store.DB, kind, query, 20)
}

// Export writes the chosen templates (every user template when ids is empty) as a file.
func (s *Templates) Export(ids []int64) (string, error) {
	if err := s.ready(); err != nil {
		return "", err
	}
	return tpl.Export(context.Background(), s.deps.Store.DB, ids)
}

// Import reads an export file: all of it, or nothing when any template has a problem.
func (s *Templates) Import(text string) (tpl.ImportResult, error) {
	if err := s.ready(); err != nil {
		return tpl.ImportResult{}, err
	}
	return tpl.Import(context.Background(), s.deps.Store.DB, text, s.deps.Now())
}
