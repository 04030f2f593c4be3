package model

import "time"

// Run statuses.
const (
	RunRunning   = "running"
	RunPaused    = "paused"
	RunCancelled = "cancelled"
	RunDone      = "done"
)

// UnfinishedRunStatuses are the statuses of a run that may still send: a message has at
// most one run in them (a unique index says so).
var UnfinishedRunStatuses = []string{RunRunning, RunPaused}

// Delivery statuses. queued and sending are transient; the others are where a
// recipient ends. unknown is a row that was in flight when the process died: it is
// never sent again until the user says so.
const (
	DeliveryQueued    = "queued"
	DeliverySending   = "sending"
	DeliverySent      = "sent"
	DeliveryFailed    = "failed"
	DeliveryBlocked   = "blocked"
	DeliverySkipped   = "skipped"
	DeliveryUnknown   = "unknown"
	DeliveryCancelled = "cancelled"
)

// DeliveryStatuses lists every delivery status, in display order.
var DeliveryStatuses = []string{DeliveryQueued, DeliverySending, DeliverySent, DeliveryFailed,
	DeliveryBlocked, DeliverySkipped, DeliveryUnknown, DeliveryCancelled}

// Run is one send of one message: its recipients were snapshotted into Delivery rows
// in a single transaction when it started.
type Run struct {
	ID        int64  `gorm:"primaryKey" json:"id"`
	MessageID int64  `gorm:"not null;index" json:"messageId"`
	ProfileID int64  `gorm:"not null" json:"profileId"`
	Subject   string `gorm:"not null;default:''" json:"subject"`
	Status    string `gorm:"not null;index" json:"status"`
	// Resolved is how many recipients the message's audience resolved to at snapshot time.
	Resolved int64 `gorm:"not null;default:0" json:"resolved"`
	// Note explains the last automatic state change (e.g. paused: server unreachable).
	Note       string     `gorm:"not null;default:''" json:"note"`
	CreatedAt  time.Time  `gorm:"index" json:"createdAt"`
	FinishedAt *time.Time `json:"finishedAt"`
}

// Delivery is one recipient of one run.
type Delivery struct {
	ID          int64  `gorm:"primaryKey" json:"id"`
	RunID       int64  `gorm:"not null;index:idx_delivery_run_status,priority:1" json:"runId"`
	Status      string `gorm:"not null;index:idx_delivery_run_status,priority:2" json:"status"`
	Kind        string `gorm:"not null" json:"kind"`
	RecipientID int64  `gorm:"not null" json:"recipientId"`
	Name        string `gorm:"not null;default:''" json:"name"`
	Email       string `gorm:"not null" json:"email"`
	// Reason says why a row was blocked, skipped or failed (the server's reply for failures).
	Reason   string `gorm:"not null;default:''" json:"reason"`
	Attempts int    `gorm:"not null;default:0" json:"attempts"`
	// Tries counts transient failures since the row was last queued (by the snapshot or
	// by the user); the retry budget is measured against it, Attempts is the full history.
	Tries int `gorm:"not null;default:0" json:"-"`
	// NextAt is when a queued row may be tried again after a transient failure.
	NextAt *time.Time `json:"nextAt"`
	// MessageIDHeader is the Message-ID of the last attempt, recorded with its outcome
	// (or, after a crash, from the run's attempt journal) so that an unknown row can be
	// looked up in the server's logs.
	MessageIDHeader string     `gorm:"not null;default:''" json:"messageIdHeader"`
	SentAt          *time.Time `json:"sentAt"`
	UpdatedAt       time.Time  `json:"updatedAt"`
}

// TableName keeps the table's name specific: "runs" alone would say little.
func (Run) TableName() string { return "send_runs" }
