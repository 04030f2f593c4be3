// Package platform syncs the local store with a tracking platform's API. A Platform adapter
// (see package everflow) turns the platform's answers into model rows; Sync writes them with
// upserts by the network's own IDs, remembers how far each entity got and reports progress.
package platform

import (
	"context"
	"time"

	"commhub/backend/model"
)

// Platform is what a sync needs from a tracking platform. Each list method calls each with
// one page of rows at a time, so memory stays bounded whatever the network's size.
type Platform interface {
	// Name identifies the platform in the sync state ("everflow").
	Name() string
	// Employees returns the network's own team (account managers and others).
	Employees(ctx context.Context, each func([]model.Employee) error) error
	// Advertisers, Partners and Offers return rows saved on the platform at or after since
	// (all rows when since is zero).
	Advertisers(ctx context.Context, since time.Time, each func([]model.Advertiser) error) error
	Partners(ctx context.Context, since time.Time, each func([]model.Partner) error) error
	Offers(ctx context.Context, since time.Time, each func([]model.Offer) error) error
	// Approvals returns every partner's application status for offers that need one.
	Approvals(ctx context.Context, each func([]model.Approval) error) error
	// DailyStats returns partner x offer x day figures for the days from..to (inclusive,
	// "YYYY-MM-DD").
	DailyStats(ctx context.Context, from, to string, each func([]model.DailyStat) error) error
	// TrackingLink returns the partner's tracking link for the offer.
	TrackingLink(ctx context.Context, partnerID, offerID int64) (string, error)
}

// Progress is emitted as events.SyncProgress while a sync runs.
type Progress struct {
	Platform string `json:"platform"`
	// Phase is the entity being synced: employees, advertisers, partners, offers,
	// approvals, stats, links; "done" at the end.
	Phase string `json:"phase"`
	// Step and Steps count phases, for a progress bar.
	Step  int    `json:"step"`
	Steps int    `json:"steps"`
	Rows  int    `json:"rows"`
	Note  string `json:"note,omitempty"`
	Done  bool   `json:"done"`
}

// Report says what one sync run stored.
type Report struct {
	Platform    string    `json:"platform"`
	From        string    `json:"from"`
	To          string    `json:"to"`
	StartedAt   time.Time `json:"startedAt"`
	FinishedAt  time.Time `json:"finishedAt"`
	Employees   int       `json:"employees"`
	Advertisers int       `json:"advertisers"`
	Partners    int       `json:"partners"`
	Offers      int       `json:"offers"`
	Approvals   int       `json:"approvals"`
	Stats       int       `json:"stats"`
	Links       int       `json:"links"`
	// Encoded counts partners and offers whose encoded ID the platform gave.
	Encoded int `json:"encoded"`
	// Missing says per phase what the rows read lacked, and why.
	Missing []PhaseNote `json:"missing"`
	// Warnings are rows or pages skipped without stopping the sync (with the reason).
	Warnings []string `json:"warnings"`
	Error    string   `json:"error,omitempty"`
}

// PhaseNote is one remark about a sync phase.
type PhaseNote struct {
	Phase string `json:"phase"`
	Text  string `json:"text"`
}
