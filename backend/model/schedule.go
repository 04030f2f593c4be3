package model

import "time"

// Schedule states. A schedule is active while it has fire times left; done once its
// one-off time fired or its recurrence ran out.
const (
	ScheduleActive = "active"
	ScheduleDone   = "done"
)

// Occurrence statuses: what happened at one fire time of a schedule.
const (
	// OccurrenceStarted: a send run started (RunID says which).
	OccurrenceStarted = "started"
	// OccurrenceMissed: CommHub was closed for longer than the grace period; the user
	// decides whether to send it now or skip it.
	OccurrenceMissed = "missed"
	// OccurrenceSkipped: not sent, on the user's word or because a later occurrence
	// superseded it.
	OccurrenceSkipped = "skipped"
	// OccurrenceEmpty: the audience resolved to nobody at fire time; nothing was sent.
	OccurrenceEmpty = "empty"
	// OccurrenceFailed: the send could not start (the detail says why).
	OccurrenceFailed = "failed"
)

// Schedule is when a message is sent: once at a local wall time, or on a cron
// recurrence, both in a time zone. NextAt is the next fire time in UTC, kept up to date
// so that the due-scan is one indexed range read.
type Schedule struct {
	MessageID int64  `gorm:"primaryKey;autoIncrement:false"`
	At        string `gorm:"not null;default:''"` // local wall time 2006-01-02T15:04:05, one-off
	Cron      string `gorm:"not null;default:''"` // recurrence
	TimeZone  string `gorm:"not null"`
	Until     string `gorm:"not null;default:''"` // last day (YYYY-MM-DD, inclusive), recurrence
	Count     int    `gorm:"not null;default:0"`  // occurrences in all, 0 = no limit
	Fired     int    `gorm:"not null;default:0"`  // occurrences that came due so far
	State     string `gorm:"not null"`
	NextAt    string `gorm:"not null;default:''"` // RFC 3339 UTC, '' when done
	// Version changes with every reschedule: a fire that started from an older version
	// is rolled back rather than recorded.
	Version   int64 `gorm:"not null;default:1"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName implements gorm's Tabler.
func (Schedule) TableName() string { return "message_schedules" }

// Occurrence is one fire time of a message's schedule and what became of it. The pair
// (MessageID, FireAt) is unique, so a fire time can be acted on once only.
type Occurrence struct {
	ID        int64  `gorm:"primaryKey"`
	MessageID int64  `gorm:"not null"`
	FireAt    string `gorm:"not null"` // RFC 3339 UTC
	Status    string `gorm:"not null"`
	RunID     *int64
	Detail    string `gorm:"not null;default:''"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName implements gorm's Tabler.
func (Occurrence) TableName() string { return "schedule_occurrences" }

// Activity is one line of a message's history: created, scheduled, started, missed...
type Activity struct {
	ID        int64     `gorm:"primaryKey" json:"-"`
	MessageID int64     `gorm:"not null" json:"-"`
	At        time.Time `gorm:"not null" json:"at"`
	Event     string    `gorm:"not null" json:"event"`
	Detail    string    `gorm:"not null;default:''" json:"detail"`
}

// TableName implements gorm's Tabler.
func (Activity) TableName() string { return "message_activity" }
