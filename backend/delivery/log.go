package delivery

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"commhub/backend/csvcell"
	"commhub/backend/fault"
	"commhub/backend/model"
	"commhub/backend/paging"
)

// Totals counts a run's recipients by status.
type Totals struct {
	Total     int64 `json:"total"`
	Queued    int64 `json:"queued"`
	Sending   int64 `json:"sending"`
	Sent      int64 `json:"sent"`
	Failed    int64 `json:"failed"`
	Blocked   int64 `json:"blocked"`
	Skipped   int64 `json:"skipped"`
	Unknown   int64 `json:"unknown"`
	Cancelled int64 `json:"cancelled"`
}

func (t *Totals) add(status string, n int64) {
	t.Total += n
	switch status {
	case model.DeliveryQueued:
		t.Queued += n
	case model.DeliverySending:
		t.Sending += n
	case model.DeliverySent:
		t.Sent += n
	case model.DeliveryFailed:
		t.Failed += n
	case model.DeliveryBlocked:
		t.Blocked += n
	case model.DeliverySkipped:
		t.Skipped += n
	case model.DeliveryUnknown:
		t.Unknown += n
	case model.DeliveryCancelled:
		t.Cancelled += n
	}
}

// RunSummary is one line of the runs list.
type RunSummary struct {
	model.Run
	ProfileName string `json:"profileName"`
	Totals      Totals `json:"totals"`
}

// ListRuns returns runs newest first; messageID 0 means all messages.
func ListRuns(db *gorm.DB, messageID int64, limit int) ([]RunSummary, error) {
	if limit < 1 || limit > 500 {
		limit = 100
	}
	var runs []model.Run
	q := db.Order("id DESC").Limit(limit)
	if messageID != 0 {
		q = q.Where("message_id = ?", messageID)
	}
	if err := q.Find(&runs).Error; err != nil {
		return nil, err
	}
	return summarize(db, runs)
}

// summarize adds totals and profile names to runs with one grouped query.
func summarize(db *gorm.DB, runs []model.Run) ([]RunSummary, error) {
	out := make([]RunSummary, len(runs))
	if len(runs) == 0 {
		return out, nil
	}
	ids := make([]int64, len(runs))
	index := map[int64]int{}
	for i, r := range runs {
		ids[i], index[r.ID] = r.ID, i
		out[i].Run = r
	}
	var counts []struct {
		RunID  int64
		Status string
		N      int64
	}
	if err := db.Model(&model.Delivery{}).Select("run_id, status, count(*) AS n").Where("run_id IN ?", ids).Group("run_id, status").Scan(&counts).Error; err != nil {
		return nil, err
	}
	for _, c := range counts {
		out[index[c.RunID]].Totals.add(c.Status, c.N)
	}
	names := map[int64]string{}
	var profs []model.SMTPProfile
	db.Select("id, name").Find(&profs)
	for _, p := range profs {
		names[p.ID] = p.Name
	}
	for i := range out {
		out[i].ProfileName = names[out[i].ProfileID]
	}
	return out, nil
}

// Point is one bucket of the sends-over-time chart.
type Point struct {
	At     time.Time `json:"at"`
	Sent   int64     `json:"sent"`
	Failed int64     `json:"failed"`
}

// RunDetail is the sent log's header: the run, its totals and the chart.
type RunDetail struct {
	RunSummary
	// BucketSeconds is the width of one point of Series.
	BucketSeconds int64   `json:"bucketSeconds"`
	Series        []Point `json:"series"`
}

type stamp struct {
	Status string
	At     time.Time
}

// maxPoints bounds the chart whatever the run's length.
const maxPoints = 120

// GetRun returns one run with its totals and a sends-over-time series.
func GetRun(db *gorm.DB, runID int64) (RunDetail, error) {
	var run model.Run
	if err := db.Limit(1).Find(&run, runID).Error; err != nil {
		return RunDetail{}, err
	}
	if run.ID == 0 {
		return RunDetail{}, fault.NotFoundf("send run %d does not exist", runID)
	}
	list, err := summarize(db, []model.Run{run})
	if err != nil {
		return RunDetail{}, err
	}
	d := RunDetail{RunSummary: list[0], Series: []Point{}}
	var times []stamp
	rows, err := db.Model(&model.Delivery{}).Select("status, sent_at, updated_at").
		Where("run_id = ? AND status IN ?", runID, []string{model.DeliverySent, model.DeliveryFailed}).Rows()
	if err != nil {
		return d, err
	}
	for rows.Next() {
		var status string
		var sent *time.Time
		var updated time.Time
		if err := rows.Scan(&status, &sent, &updated); err != nil {
			rows.Close()
			return d, err
		}
		at := updated
		if sent != nil {
			at = *sent
		}
		times = append(times, stamp{status, at})
	}
	rows.Close()
	if len(times) == 0 {
		return d, nil
	}
	slices.SortFunc(times, func(a, b stamp) int {
		return a.At.Compare(b.At)
	})
	first, last := times[0].At.UTC(), times[len(times)-1].At.UTC()
	d.BucketSeconds = max(1, int64(last.Sub(first).Seconds())/maxPoints+1)
	step := time.Duration(d.BucketSeconds) * time.Second
	start := first.Truncate(step)
	for _, t := range times {
		i := int(t.At.UTC().Sub(start) / step)
		for len(d.Series) <= i {
			d.Series = append(d.Series, Point{At: start.Add(time.Duration(len(d.Series)) * step)})
		}
		if t.Status == model.DeliverySent {
			d.Series[i].Sent++
		} else {
			d.Series[i].Failed++
		}
	}
	return d, nil
}

// RecipientPage is one page of a run's per-recipient log.
type RecipientPage struct {
	Rows     []model.Delivery `json:"rows"`
	Total    int64            `json:"total"`
	Page     int              `json:"page"`
	PageSize int              `json:"pageSize"`
}

func recipientQuery(db *gorm.DB, runID int64, status, search string) (*gorm.DB, error) {
	q := db.Model(&model.Delivery{}).Where("run_id = ?", runID)
	if status != "" {
		if !slices.Contains(model.DeliveryStatuses, status) {
			return nil, fault.Invalidf("%q is not a delivery status (%s)", status, strings.Join(model.DeliveryStatuses, ", "))
		}
		q = q.Where("status = ?", status)
	}
	if s := strings.TrimSpace(search); s != "" {
		like := "%" + strings.ToLower(s) + "%"
		q = q.Where("lower(email) LIKE ? OR lower(name) LIKE ? OR lower(reason) LIKE ?", like, like, like)
	}
	return q, nil
}

// Recipients returns a page of a run's recipients, filtered by status and a search on
// name, address or reason, in snapshot order.
func Recipients(db *gorm.DB, runID int64, status, search string, page, pageSize int) (RecipientPage, error) {
	page, pageSize, offset, err := paging.Page(page, pageSize, 50, 500)
	out := RecipientPage{Page: page, PageSize: pageSize, Rows: []model.Delivery{}}
	if err != nil {
		return out, err
	}
	q, err := recipientQuery(db, runID, status, search)
	if err != nil {
		return out, err
	}
	if err := q.Count(&out.Total).Error; err != nil {
		return out, err
	}
	err = q.Order("id").Offset(offset).Limit(pageSize).Find(&out.Rows).Error
	return out, err
}

// ExportCSV streams a run's log (optionally filtered) as CSV.
func ExportCSV(db *gorm.DB, runID int64, status, search string, w io.Writer) error {
	q, err := recipientQuery(db, runID, status, search)
	if err != nil {
		return err
	}
	rows, err := q.Order("id").Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	cw.Write([]string{"recipient_kind", "recipient_id", "name", "email", "status", "reason", "attempts", "sent_at", "updated_at", "message_id"})
	for rows.Next() {
		var d model.Delivery
		if err := db.ScanRows(rows, &d); err != nil {
			return err
		}
		sent := ""
		if d.SentAt != nil {
			sent = d.SentAt.UTC().Format(time.RFC3339)
		}
		cw.Write([]string{d.Kind, strconv.FormatInt(d.RecipientID, 10), csvcell.Neutralize(d.Name), csvcell.Neutralize(d.Email), d.Status,
			csvcell.Neutralize(d.Reason), strconv.Itoa(d.Attempts), sent, d.UpdatedAt.UTC().Format(time.RFC3339), d.MessageIDHeader})
	}
	cw.Flush()
	return cw.Error()
}
