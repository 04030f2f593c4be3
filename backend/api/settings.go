package api

import appsettings "commhub/backend/settings"

// Settings reads and saves the general application settings.
type Settings struct {
	deps Deps
}

// Get returns the settings, with defaults for those never saved.
func (s *Settings) Get() (appsettings.Settings, error) {
	return appsettings.Load(s.deps.Store.DB)
}

// Save validates and stores the settings; an invalid field fails the whole save with a
// message naming every problem.
func (s *Settings) Save(in appsettings.Settings) (appsettings.Settings, error) {
	return appsettings.Save(s.deps.Store.DB, in)
}
