package everflow_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fixture is a local stand-in for the Everflow network API: the documented paths, request
// and answer shapes, table paging, and injectable rate limiting and malformed answers.
type fixture struct {
	t          *testing.T
	srv        *httptest.Server
	mu         sync.Mutex
	affiliates int
	offers     int
	calls      map[string]int
	// fail maps a path to the answers to give before the real one: a status code, with
	// Retry-After when retryAfter is set, or a body that is not JSON when status is 200.
	fail       map[string][]failure
	timeSaved  int64
	reportDays []string
}

type failure struct {
	status     int
	retryAfter string
	body       string
}

const apiKey = "test-key"

func newFixture(t *testing.T, affiliates, offers int) *fixture {
	f := &fixture{t: t, affiliates: affiliates, offers: offers, calls: map[string]int{}, fail: map[string][]failure{}, timeSaved: 1_750_000_000}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) base() string { return f.srv.URL + "/v1" }

func (f *fixture) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[path]
}

func (f *fixture) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-Eflow-API-Key") != apiKey {
		http.Error(w, `{"Error":"invalid api key"}`, http.StatusUnauthorized)
		return
	}
	path := strings.TrimPrefix(r.URL.Path, "/v1")
	f.mu.Lock()
	f.calls[path]++
	var fl *failure
	if q := f.fail[path]; len(q) > 0 {
		fl, f.fail[path] = &q[0], q[1:]
	}
	f.mu.Unlock()
	if r.Method != http.MethodPost {
		http.Error(w, "method", http.StatusMethodNotAllowed)
		return
	}
	if fl != nil {
		if fl.retryAfter != "" {
			w.Header().Set("Retry-After", fl.retryAfter)
		}
		w.WriteHeader(fl.status)
		io.WriteString(w, fl.body)
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	size, _ := strconv.Atoi(r.URL.Query().Get("page_size"))
	switch path {
	case "/networks/affiliatestable":
		f.table(w, "affiliates", page, size, f.affiliates, func(i int) any {
			return map[string]any{"network_affiliate_id": i, "network_id": 1, "name": fmt.Sprintf("Affiliate %d", i),
				"account_status": []string{"active", "pending", "inactive", "suspended"}[i%4], "network_employee_id": 3,
				"labels": []string{"email", "tier" + strconv.Itoa(i%3)}, "time_created": 1_700_000_000 + i, "time_saved": f.timeSaved,
				"relationship": map[string]any{"users": map[string]any{"total": 1, "entries": []any{
					map[string]any{"first_name": "First", "last_name": strconv.Itoa(i), "email": fmt.Sprintf("a%d@example.com", i)}}},
					"billing_address": map[string]any{"country_code": "de"}}}
		})
	case "/networks/advertiserstable":
		f.table(w, "advertisers", page, size, 3, func(i int) any {
			return map[string]any{"network_advertiser_id": i, "name": fmt.Sprintf("Brand %d", i), "account_status": "active",
				"time_saved": f.timeSaved, "labels": []string{}}
		})
	case "/networks/offerstable":
		f.table(w, "offers", page, size, f.offers, func(i int) any {
			return map[string]any{"network_offer_id": i, "network_advertiser_id": 1 + i%3, "name": fmt.Sprintf("Offer %d", i),
				"offer_status": "active", "visibility": []string{"public", "require_approval", "private"}[i%3], "currency_id": "EUR",
				"payout_amount": 2.5, "revenue_amount": 4.1, "time_saved": f.timeSaved}
		})
	case "/networks/applicationstable":
		f.table(w, "applications", page, size, f.affiliates, func(i int) any {
			return map[string]any{"network_affiliate_id": i, "network_offer_id": 2, "application_status": []string{"approved", "pending", "rejected", "approved"}[i%4]}
		})
	case "/networks/reporting/entity/table":
		f.report(w, body)
	case "/networks/tracking/offers/clicks":
		aff, off := int64(body["network_affiliate_id"].(float64)), int64(body["network_offer_id"].(float64))
		json.NewEncoder(w).Encode(map[string]any{"url": fmt.Sprintf("https://trk.example.com/%s/%s/", code(aff), code(off))})
	default:
		http.NotFound(w, r)
	}
}

func code(id int64) string { return "X" + strconv.FormatInt(id*7919, 36) }

func (f *fixture) table(w http.ResponseWriter, key string, page, size, total int, row func(int) any) {
	if page < 1 || size < 1 {
		http.Error(w, "paging required", http.StatusBadRequest)
		return
	}
	rows := []any{}
	for i := (page-1)*size + 1; i <= min(total, page*size); i++ {
		rows = append(rows, row(i))
	}
	json.NewEncoder(w).Encode(map[string]any{key: rows, "paging": map[string]any{"page": page, "page_size": size, "total_count": total}})
}

func (f *fixture) report(w http.ResponseWriter, body map[string]any) {
	from, to := body["from"], body["to"]
	cols, _ := body["columns"].([]any)
	if from != to || len(cols) != 2 || body["timezone_id"] == nil || body["currency_id"] == nil {
		http.Error(w, `{"Error":"bad report request"}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.reportDays = append(f.reportDays, from.(string))
	f.mu.Unlock()
	var table []any
	for aff := 1; aff <= 3; aff++ {
		table = append(table, map[string]any{
			"columns": []any{
				map[string]any{"column_type": "affiliate", "id": strconv.Itoa(aff), "label": "A"},
				map[string]any{"column_type": "offer", "id": "2", "label": "O"}},
			"reporting": map[string]any{"total_click": 10 * aff, "cv": aff, "revenue": 1.25 * float64(aff), "payout": 0.5 * float64(aff)}})
	}
	json.NewEncoder(w).Encode(map[string]any{"table": table, "incomplete_results": false})
}
