// Package everflowtest is a local stand-in for the Everflow network API, for tests, written
// from the API's documentation rather than from the client: affiliate users only when the
// request asks for relationship=users (or through the affiliate users endpoint), account
// managers as account_manager_id on table rows, countries as network_country_code, labels
// in the relationship block, the encode endpoint, a CPS offer and X-RateLimit-* headers;
// with injectable rate limiting, outages and malformed answers. It listens on loopback only.
//
// Affiliate i has: a user in the table's users block unless i%6 == 0 (then only the users
// endpoint has one, primary among two), and none at all when i%30 == 0; account manager 3
// (Mia Manager, on the employee list) unless i%8 == 4 (then 5, "Nora New", who is not).
// Offer 3 (public) is CPS (12%); odd offers carry encoded_value, even ones only the encode endpoint.
package everflowtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

// Server is the fake API. Affiliates and Offers set how many rows its tables hold; the
// report for IncompleteDay ("YYYY-MM-DD") says its results are incomplete.
type Server struct {
	srv           *httptest.Server
	mu            sync.Mutex
	Affiliates    int
	Offers        int
	IncompleteDay string
	calls         map[string]int
	fail          map[string][]Failure
	timeSaved     int64
	reportDays    []string
	// RateLimit, when set, is the requests per window the X-RateLimit-* headers announce:
	// every RateLimit-th answer says none remain (the window then starts again).
	RateLimit int
	inWindow  int
}

// Failure is an answer given before the real one: a status code (with Retry-After when set),
// or, with status 200, a body that is not the JSON expected.
type Failure struct {
	Status     int
	RetryAfter string
	Body       string
}

// APIKey is the only key the server accepts.
const APIKey = "test-key"

// New starts a server; close it with Close (or pass it to t.Cleanup).
func New(affiliates, offers int) *Server {
	f := &Server{Affiliates: affiliates, Offers: offers, calls: map[string]int{}, fail: map[string][]Failure{}, timeSaved: 1_750_000_000}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

// Close stops the server.
func (f *Server) Close() { f.srv.Close() }

// Base is the API root to give the adapter (…/v1).
func (f *Server) Base() string { return f.srv.URL + "/v1" }

// Fail queues failures for a path such as "/networks/offerstable".
func (f *Server) Fail(path string, fl ...Failure) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail[path] = append(f.fail[path], fl...)
}

// ReportDays lists the days the reporting endpoint was asked for, in order.
func (f *Server) ReportDays() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.reportDays...)
}

// Requests says how many requests reached the server with the right key.
func (f *Server) Requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		n += c
	}
	return n
}

// Count says how many requests reached path.
func (f *Server) Count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[path]
}

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-Eflow-API-Key") != APIKey {
		http.Error(w, `{"Error":"invalid api key"}`, http.StatusUnauthorized)
		return
	}
	path := strings.TrimPrefix(r.URL.Path, "/v1")
	f.mu.Lock()
	f.calls[path]++
	if f.RateLimit > 0 {
		f.inWindow++
		w.Header().Set("X-RateLimit-Limit", strconv.Itoa(f.RateLimit))
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(f.RateLimit-f.inWindow))
		if f.inWindow >= f.RateLimit {
			f.inWindow = 0
		}
	}
	var fl *Failure
	if q := f.fail[path]; len(q) > 0 {
		fl, f.fail[path] = &q[0], q[1:]
	}
	f.mu.Unlock()
	if fl != nil {
		if fl.RetryAfter != "" {
			w.Header().Set("Retry-After", fl.RetryAfter)
		}
		w.WriteHeader(fl.Status)
		io.WriteString(w, fl.Body)
		return
	}
	if path == "/networks/employees" && r.Method == http.MethodGet {
		json.NewEncoder(w).Encode([]any{
			map[string]any{"network_employee_id": 3, "first_name": "Mia", "last_name": "Manager", "email": "mia@network.example", "is_affiliate_manager": true},
			map[string]any{"employee_id": 4, "full_name": "Olav Ops", "email": "olav@network.example", "title": "Operations"},
		})
		return
	}
	if r.Method == http.MethodGet && strings.HasSuffix(path, "/users") {
		f.users(w, r, path)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "method", http.StatusMethodNotAllowed)
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
		withUsers := false
		for _, v := range r.URL.Query()["relationship"] {
			withUsers = withUsers || v == "users"
		}
		f.table(w, "affiliates", page, size, f.Affiliates, func(i int) any { return affiliate(i, f.timeSaved, withUsers) })
	case "/networks/advertiserstable":
		f.table(w, "advertisers", page, size, 3, func(i int) any {
			return map[string]any{"network_advertiser_id": i, "name": fmt.Sprintf("Brand %d", i), "account_status": "active",
				"account_manager_id": 3, "account_manager_name": "Mia Manager", "time_saved": f.timeSaved, "labels": []string{}}
		})
	case "/networks/offerstable":
		f.table(w, "offers", page, size, f.Offers, func(i int) any {
			o := map[string]any{"network_offer_id": i, "network_advertiser_id": 1 + i%3, "name": fmt.Sprintf("Offer %d", i),
				"offer_status": "active", "visibility": []string{"public", "require_approval", "private"}[i%3], "currency_id": "EUR",
				"payout_type": "cpa", "payout_amount": 2.5, "revenue_amount": 4.1, "time_saved": f.timeSaved}
			if i == 3 {
				o["payout_type"], o["payout_amount"], o["payout_percentage"] = "cps", 0, 12
			}
			if i%2 == 1 {
				o["encoded_value"] = Code(int64(i))
			}
			return o
		})
	case "/networks/encode":
		f.encode(w, body)
	case "/networks/applicationstable":
		f.table(w, "applications", page, size, f.Affiliates, func(i int) any {
			return map[string]any{"network_affiliate_id": i, "network_offer_id": 2, "application_status": []string{"approved", "pending", "rejected", "approved"}[i%4]}
		})
	case "/networks/reporting/entity/table":
		f.report(w, body)
	case "/networks/tracking/offers/clicks":
		aff, off := int64(body["network_affiliate_id"].(float64)), int64(body["network_offer_id"].(float64))
		json.NewEncoder(w).Encode(map[string]any{"url": fmt.Sprintf("https://trk.example.com/%s/%s/", Code(aff), Code(off))})
	default:
		http.NotFound(w, r)
	}
}

// Code is the encoded ID the server gives partner or offer id in tracking links.
func Code(id int64) string { return "X" + strconv.FormatInt(id*7919, 36) }

func (f *Server) table(w http.ResponseWriter, key string, page, size, total int, row func(int) any) {
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

func (f *Server) report(w http.ResponseWriter, body map[string]any) {
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
	json.NewEncoder(w).Encode(map[string]any{"table": table, "incomplete_results": from == f.IncompleteDay})
}

func affiliate(i int, saved int64, withUsers bool) any {
	row := map[string]any{"network_affiliate_id": i, "network_id": 1, "name": fmt.Sprintf("Affiliate %d", i),
		"account_status": []string{"active", "pending", "inactive", "suspended"}[i%4], "network_country_code": "de",
		"account_manager_id": 3, "account_manager_name": "Mia Manager", "network_employee_id": 3,
		"time_created": 1_700_000_000 + i, "time_saved": saved}
	if i%8 == 4 {
		row["account_manager_id"], row["account_manager_name"] = 5, "Nora New"
	}
	rel := map[string]any{"labels": map[string]any{"total": 2, "entries": []string{"email", "tier" + strconv.Itoa(i%3)}}}
	if withUsers {
		entries := []any{}
		if i%6 != 0 {
			entries = append(entries, map[string]any{"first_name": "First", "last_name": strconv.Itoa(i), "email": fmt.Sprintf("a%d@example.com", i)})
		}
		rel["users"] = map[string]any{"total": len(entries), "entries": entries}
	}
	row["relationship"] = rel
	return row
}

// users answers GET /networks/affiliates/{id}/users and /networks/advertisers/{id}/users.
func (f *Server) users(w http.ResponseWriter, r *http.Request, path string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) != 4 || parts[0] != "networks" {
		http.NotFound(w, r)
		return
	}
	id, err := strconv.Atoi(parts[2])
	users := []any{}
	switch {
	case err != nil:
		http.NotFound(w, r)
		return
	case parts[1] == "affiliates" && id >= 1 && id <= f.Affiliates:
		if id%10 != 0 {
			users = append(users,
				map[string]any{"network_affiliate_user_id": 100 + id, "first_name": "Second", "last_name": "User", "email": fmt.Sprintf("second%d@example.com", id), "account_status": "active"},
				map[string]any{"network_affiliate_user_id": 200 + id, "first_name": "Prime", "last_name": strconv.Itoa(id), "email": fmt.Sprintf("prime%d@example.com", id), "account_status": "active", "is_primary": true})
		}
	case parts[1] == "advertisers" && id >= 1 && id <= 3:
		if id != 3 {
			users = append(users, map[string]any{"first_name": "Ada", "last_name": fmt.Sprintf("Brand%d", id), "email": fmt.Sprintf("ada@brand%d.example", id)})
		}
	default:
		http.NotFound(w, r)
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"users": users})
}

func (f *Server) encode(w http.ResponseWriter, body map[string]any) {
	typ, _ := body["type"].(string)
	ids, _ := body["ids"].([]any)
	if (typ != "tracking_link_affiliate" && typ != "tracking_link_offer") || len(ids) == 0 {
		http.Error(w, `{"Error":"type and ids are required"}`, http.StatusBadRequest)
		return
	}
	values := []any{}
	for _, v := range ids {
		id, ok := v.(float64)
		if !ok {
			http.Error(w, `{"Error":"ids must be numbers"}`, http.StatusBadRequest)
			return
		}
		values = append(values, map[string]any{"decoded": int64(id), "encoded": Code(int64(id))})
	}
	json.NewEncoder(w).Encode(map[string]any{"values": values})
}
