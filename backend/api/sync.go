package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm/clause"

	"commhub/backend/events"
	"commhub/backend/fault"
	"commhub/backend/model"
	"commhub/backend/network/everflow"
	"commhub/backend/network/platform"
	"commhub/backend/secret"
	appsettings "commhub/backend/settings"
)

// Sync pulls partners, advertisers, offers, approvals, daily stats and tracking links from
// the network's Everflow account.
type Sync struct {
	deps     Deps
	mu       sync.Mutex
	running  bool
	progress *platform.Progress
}

// SyncStatus is the sync configuration (never the key itself) and what the last run did.
type SyncStatus struct {
	Configured     bool   `json:"configured"`
	TrackingDomain string `json:"trackingDomain"`
	APIBase        string `json:"apiBase"`
	// KeyStorage is where the key lives: "keyring", or "file" with Warning saying where.
	KeyStorage string             `json:"keyStorage"`
	Warning    string             `json:"warning"`
	Running    bool               `json:"running"`
	Progress   *platform.Progress `json:"progress"`
	LastReport *platform.Report   `json:"lastReport"`
	// SyncedAt says when each entity was last synced.
	SyncedAt map[string]time.Time `json:"syncedAt"`
}

const (
	everflowKeySecret  = "everflow-api-key"
	everflowBaseKey    = "everflow_api_base"
	everflowReportKey  = "everflow_last_report"
	everflowPlatformID = "everflow"
)

func (s *Sync) store() *secret.Store { return s.deps.Secrets }

// Configure stores the Everflow network API key (in the OS keyring; an empty key keeps the
// stored one), the tracking domain (shared with Settings) and the API base URL (empty:
// https://api.eflow.team/v1; EU-hosted networks use https://api-eu.eflow.team/v1). The key
// only travels over https (plain http only to this machine), and a stored key is only sent
// to the host it was entered for: moving the API base to another host needs the key again.
func (s *Sync) Configure(apiKey, trackingDomain, apiBase string) (SyncStatus, error) {
	apiBase = strings.TrimRight(strings.TrimSpace(apiBase), "/")
	key := strings.TrimSpace(apiKey)
	if apiBase != "" {
		if err := everflow.CheckBase(apiBase); err != nil {
			return SyncStatus{}, err
		}
	}
	if key == "" {
		if err := s.keyFits(apiBase); err != nil {
			return SyncStatus{}, err
		}
	}
	db := s.deps.Store.DB
	cur, err := appsettings.Load(db)
	if err != nil {
		return SyncStatus{}, err
	}
	cur.TrackingDomain = strings.TrimSpace(trackingDomain)
	if _, err := appsettings.Save(db, cur); err != nil {
		return SyncStatus{}, err
	}
	if err := s.setSetting(everflowBaseKey, apiBase); err != nil {
		return SyncStatus{}, err
	}
	if key != "" {
		if err := s.store().Set(everflowKeySecret, key); err != nil {
			return SyncStatus{}, err
		}
	}
	return s.Status()
}

// keyFits refuses to keep a stored key for an API base on another host than the one it was
// entered for: whoever runs that host would receive it with the first request.
func (s *Sync) keyFits(apiBase string) error {
	if _, err := s.store().Get(everflowKeySecret); errors.Is(err, secret.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	was, now := baseHost(s.setting(everflowBaseKey)), baseHost(apiBase)
	if strings.EqualFold(was, now) {
		return nil
	}
	return fault.Invalidf("the stored Everflow API key was entered for %s; it is never sent to %s: enter the API key again to use the new API base", was, now)
}

// baseHost is the host an API base points to ("" means the default base).
func baseHost(base string) string {
	if base == "" {
		base = everflow.DefaultBase
	}
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	return u.Host
}

// Run syncs everything, with daily stats for from..to ("YYYY-MM-DD"; empty from continues
// after the last stats sync, empty to is today). Progress is emitted as "sync.progress"
// events; the report is also kept for Status. demo says what to do with the demo network
// first: "clear" it, "keep" it, or "" to be refused (conflict) while it is the only data.
func (s *Sync) Run(from, to, demo string) (platform.Report, error) {
	key, err := s.store().Get(everflowKeySecret)
	if errors.Is(err, secret.ErrNotFound) || (err == nil && key == "") {
		return platform.Report{}, fault.Invalidf("no Everflow API key is configured: add the network API key in Settings > Everflow sync")
	}
	if err != nil {
		return platform.Report{}, err
	}
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return platform.Report{}, fault.Conflictf("a sync is already running: wait for it to finish")
	}
	s.running, s.progress = true, nil
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.running = false
		s.mu.Unlock()
	}()
	if err := beforeOwnData(s.deps, demo); err != nil {
		return platform.Report{}, err
	}
	sy := &platform.Sync{DB: s.deps.Store.DB, Events: progressTap{s}, Now: s.deps.Now}
	rep, runErr := sy.Run(context.Background(), everflow.New(s.setting(everflowBaseKey), key), from, to)
	if data, err := json.Marshal(rep); err == nil {
		s.setSetting(everflowReportKey, string(data))
	}
	if runErr != nil && fault.KindOf(runErr) == fault.Internal {
		// The platform's answer is the user's to act on (a refused key, an outage): say so.
		return rep, fault.Invalidf("%v", runErr)
	}
	return rep, runErr
}

// Status returns the configuration and the last run.
func (s *Sync) Status() (SyncStatus, error) {
	db := s.deps.Store.DB
	cur, err := appsettings.Load(db)
	if err != nil {
		return SyncStatus{}, err
	}
	st := SyncStatus{TrackingDomain: cur.TrackingDomain, APIBase: s.setting(everflowBaseKey), SyncedAt: map[string]time.Time{}}
	if st.APIBase == "" {
		st.APIBase = everflow.DefaultBase
	}
	key, err := s.store().Get(everflowKeySecret)
	st.Configured = err == nil && key != ""
	st.KeyStorage, st.Warning = s.store().Backend(), s.store().Warning()
	s.mu.Lock()
	st.Running, st.Progress = s.running, s.progress
	s.mu.Unlock()
	if raw := s.setting(everflowReportKey); raw != "" {
		var rep platform.Report
		if json.Unmarshal([]byte(raw), &rep) == nil {
			st.LastReport = &rep
		}
	}
	if st.SyncedAt, err = platform.State(db, everflowPlatformID); err != nil {
		return st, err
	}
	return st, nil
}

func (s *Sync) setting(key string) string {
	var row model.Setting
	s.deps.Store.DB.Where("key = ?", key).Limit(1).Find(&row)
	return row.Value
}

func (s *Sync) setSetting(key, value string) error {
	return s.deps.Store.DB.Clauses(clause.OnConflict{UpdateAll: true}).Create(&model.Setting{Key: key, Value: value}).Error
}

// progressTap remembers the latest progress for Status and forwards every event.
type progressTap struct{ s *Sync }

func (p progressTap) Emit(name events.Name, data any) {
	if pr, ok := data.(platform.Progress); ok {
		p.s.mu.Lock()
		p.s.progress = &pr
		p.s.mu.Unlock()
	}
	sink := p.s.deps.Events
	if sink == nil {
		sink = events.Discard{}
	}
	sink.Emit(name, data)
}
