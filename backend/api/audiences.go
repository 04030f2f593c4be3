package api

import (
	"context"
	"time"

	"commhub/backend/audience"
)

// Audiences builds, counts and keeps audiences: rule sets that select partners or
// advertisers. Resolving an audience to its recipients happens inside the backend
// (compose, banners), never over the bridge.
type Audiences struct {
	deps Deps
}

// CountResult is the live count shown in the editor.
type CountResult struct {
	Count int64 `json:"count"`
}

func (a *Audiences) clock() (time.Time, *time.Location) {
	now := a.deps.Now()
	return now, audience.Zone(a.deps.Store.DB, now)
}

// Count returns how many recipients the rules select now.
func (a *Audiences) Count(rules audience.Rules) (CountResult, error) {
	now, loc := a.clock()
	n, err := audience.CountIn(context.Background(), a.deps.Store.DB, rules, now, loc)
	return CountResult{Count: n}, err
}

// Sample returns up to limit matching recipients whose name, e-mail or ID matches search.
func (a *Audiences) Sample(rules audience.Rules, search string, limit int) (audience.SampleResult, error) {
	now, loc := a.clock()
	return audience.Sample(context.Background(), a.deps.Store.DB, rules, now, loc, search, limit)
}

// Save stores an audience (new when id is 0) and returns its id.
func (a *Audiences) Save(aud audience.Saved) (int64, error) {
	return audience.Save(context.Background(), a.deps.Store.DB, aud)
}

// Get returns one saved audience with its rules.
func (a *Audiences) Get(id int64) (audience.Saved, error) {
	return audience.Get(context.Background(), a.deps.Store.DB, id)
}

// List returns saved audiences, most used first, each with its size now.
func (a *Audiences) List() ([]audience.Summary, error) {
	now, loc := a.clock()
	return audience.List(context.Background(), a.deps.Store.DB, now, loc)
}

// Delete removes a saved audience.
func (a *Audiences) Delete(id int64) error {
	return audience.Delete(context.Background(), a.deps.Store.DB, id)
}

// Starters lists the ready-made rule sets.
func (a *Audiences) Starters() ([]audience.Starter, error) {
	now, loc := a.clock()
	return audience.Starters(context.Background(), a.deps.Store.DB, now, loc)
}

// Export returns the chosen audiences (all when ids is empty) as a JSON document.
func (a *Audiences) Export(ids []int64) (string, error) {
	return audience.Export(context.Background(), a.deps.Store.DB, ids)
}

// Import reads an export document; good audiences are saved, bad ones reported.
func (a *Audiences) Import(text string) (audience.ImportResult, error) {
	return audience.Import(context.Background(), a.deps.Store.DB, text)
}
