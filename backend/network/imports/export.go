package imports

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"commhub/backend/csvcell"
	"commhub/backend/fault"
	"commhub/backend/model"
	"commhub/backend/network"
)

// Filters narrows an export; the fields are those of the Network tables' filters (same JSON
// names), so a table can pass its current filter state as it is. Fields a table does not
// have are ignored.
type Filters struct {
	Search     string `json:"search"`
	Status     string `json:"status"`
	Tag        string `json:"tag"`
	Manager    int64  `json:"manager"`
	Country    string `json:"country"`
	Visibility string `json:"visibility"`
	Category   string `json:"category"`
	Advertiser int64  `json:"advertiser"`
	// Partner, Offer, From and To narrow approvals and daily stats.
	Partner int64  `json:"partner"`
	Offer   int64  `json:"offer"`
	From    string `json:"from"`
	To      string `json:"to"`
}

// where builds the conditions for table k, reusing the Network queries' own filters.
func (f Filters) where(k *Kind) (string, []any, error) {
	switch k.Name {
	case "partners":
		return network.PartnerQuery{Search: f.Search, Status: f.Status, Tag: f.Tag, Manager: f.Manager, Country: f.Country}.Where()
	case "advertisers":
		return network.AdvertiserQuery{Search: f.Search, Status: f.Status, Tag: f.Tag, Manager: f.Manager}.Where()
	case "offers":
		return network.OfferQuery{Search: f.Search, Status: f.Status, Visibility: f.Visibility, Category: f.Category, Advertiser: f.Advertiser}.Where()
	}
	var c []string
	var args []any
	if f.Partner != 0 {
		c, args = append(c, "partner_id = ?"), append(args, f.Partner)
	}
	if f.Offer != 0 {
		c, args = append(c, "offer_id = ?"), append(args, f.Offer)
	}
	if k.Name == "approvals" && f.Status != "" {
		c, args = append(c, "status = ?"), append(args, f.Status)
	}
	if k.Name == "daily_stats" {
		for _, d := range []struct{ op, v string }{{">=", f.From}, {"<=", f.To}} {
			if d.v == "" {
				continue
			}
			day, err := parseDay(d.v)
			if err != nil {
				return "", nil, fault.Invalidf("export filter: %v", err)
			}
			c, args = append(c, "date "+d.op+" ?"), append(args, day)
		}
	}
	if len(c) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(c, " AND "), args, nil
}

// Export writes the rows of table matching filters to w as CSV, with the same headers the
// importer recognises, so an exported file imports back unchanged. It returns the row count.
func Export(ctx context.Context, db *sql.DB, table string, filters Filters, w io.Writer) (int, error) {
	k, err := LookupKind(table)
	if err != nil {
		return 0, err
	}
	where, args, err := filters.where(k)
	if err != nil {
		return 0, err
	}
	cols, header, order := make([]string, len(k.Fields)), make([]string, len(k.Fields)), []string{}
	for i, f := range k.Fields {
		cols[i], header[i] = f.column, f.Label
		if f.IsKey {
			order = append(order, f.column)
		}
	}
	rows, err := db.QueryContext(ctx, "SELECT "+strings.Join(cols, ",")+" FROM "+k.table+where+" ORDER BY "+strings.Join(order, ","), args...)
	if err != nil {
		return 0, fmt.Errorf("export %s: %w", k.Name, err)
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return 0, err
	}
	vals, ptrs := make([]any, len(cols)), make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	rec := make([]string, len(cols))
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, f := range k.Fields {
			rec[i] = exportCell(f, vals[i])
		}
		if err := cw.Write(rec); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}

// exportCell formats one stored value the way the importer reads it back.
func exportCell(f Field, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case int64:
		switch {
		case strings.HasSuffix(f.column, "_cents"):
			return formatCents(x)
		case f.column == "unsubscribed":
			return strconv.FormatBool(x != 0)
		}
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case []byte:
		return exportText(f, string(x))
	case string:
		return exportText(f, x)
	}
	return fmt.Sprint(v)
}

func exportText(f Field, s string) string {
	if f.column == "tags" {
		s = strings.Join(model.ParseTags(s), ", ")
	}
	return csvcell.Neutralize(s)
}

func formatCents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}
