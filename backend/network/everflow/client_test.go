package everflow_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"commhub/backend/model"
	"commhub/backend/network/everflow"
)

func TestUnreachableAPIGivesUpAfterTwoRetries(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL + "/v1"
	srv.Close() // nothing listens there any more
	a := everflow.New(base, "k")
	rec := &recorder{}
	a.C.Sleep = rec.sleep
	err := a.Partners(context.Background(), time.Time{}, func([]model.Partner) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "cannot reach Everflow at "+base) {
		t.Fatalf("want a clear unreachable error, got %v", err)
	}
	if len(rec.waits) != 2 {
		t.Errorf("a refused connection is retried twice, waited %v", rec.waits)
	}
}

func TestRetryAfterAsHTTPDateAndCap(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Set("Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte(`{"affiliates":[],"paging":{"page":1,"page_size":500,"total_count":0}}`))
	}))
	defer srv.Close()
	a := everflow.New(srv.URL, "k")
	rec := &recorder{}
	a.C.Sleep = rec.sleep
	a.C.MaxWait = 30 * time.Second
	if err := a.Partners(context.Background(), time.Time{}, func([]model.Partner) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if len(rec.waits) != 1 || rec.waits[0] != 30*time.Second {
		t.Errorf("an hour-long Retry-After is capped at MaxWait: %v", rec.waits)
	}
}
