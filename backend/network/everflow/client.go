// Package everflow is the Everflow adapter of package platform: it reads affiliates,
// advertisers, offers, offer applications, entity reporting and tracking links through
// Everflow's network API (base https://api.eflow.team/v1, key in the X-Eflow-API-Key header),
// pages through the tables and backs off on 429 and 5xx answers, honouring Retry-After.
package everflow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"commhub/backend/fault"
)

// DefaultBase is the API root of US-hosted networks; EU-hosted ones use
// https://api-eu.eflow.team/v1.
const DefaultBase = "https://api.eflow.team/v1"

// Client calls the Everflow network API.
type Client struct {
	Base   string
	APIKey string
	HTTP   *http.Client
	// MaxRetries bounds the attempts after a 429, a 5xx or a dropped connection.
	MaxRetries int
	// MaxWait caps one back-off pause, whatever Retry-After asks for.
	MaxWait time.Duration
	// Sleep waits between attempts; tests replace it to record the pauses.
	Sleep func(ctx context.Context, d time.Duration) error

	mu sync.Mutex
	// pause is how long to wait before the next request because the last answer's
	// X-RateLimit-Remaining said the allowance (30 a second) is used up.
	pause time.Duration
}

// NewClient returns a client with sensible defaults.
func NewClient(base, apiKey string) *Client {
	if base == "" {
		base = DefaultBase
	}
	return &Client{Base: strings.TrimRight(base, "/"), APIKey: apiKey, HTTP: &http.Client{Timeout: 60 * time.Second, CheckRedirect: keepKeyHome},
		MaxRetries: 6, MaxWait: 2 * time.Minute, Sleep: sleepCtx}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// APIError is an answer the API gave that a retry will not change.
type APIError struct {
	Status int
	Path   string
	Body   string
}

func (e *APIError) Error() string {
	switch e.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		return fmt.Sprintf("Everflow refused the API key (%d on %s): check the network API key in Settings (Control Center > Security in Everflow)", e.Status, e.Path)
	}
	return fmt.Sprintf("Everflow answered %d on %s: %s", e.Status, e.Path, e.Body)
}

// do sends one request (body marshalled as JSON when not nil) and decodes the answer into out,
// retrying transient failures with exponential back-off.
func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	if c.APIKey == "" {
		return fault.Invalidf("no Everflow API key is configured: add the network API key in Settings")
	}
	if err := CheckBase(c.Base); err != nil {
		return err
	}
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	wait := time.Second
	for attempt := 0; ; attempt++ {
		if d := c.takePause(); d > 0 {
			if err := c.Sleep(ctx, min(d, c.MaxWait)); err != nil {
				return err
			}
		}
		retryAfter, err := c.once(ctx, method, path, payload, out)
		if err == nil {
			return nil
		}
		var apiErr *APIError
		unreachable := !errors.As(err, &apiErr) && !isDecodeError(err) && ctx.Err() == nil && fault.KindOf(err) != fault.Invalid
		// A refused or dropped connection is retried twice only: a wrong address or a
		// machine offline will not heal within the minutes a full back-off would take.
		transient := retryAfter >= 0 || (unreachable && attempt < 2)
		if !transient || attempt >= c.MaxRetries {
			return err
		}
		pause := wait
		if retryAfter > 0 {
			pause = retryAfter
		}
		if err := c.Sleep(ctx, min(pause, c.MaxWait)); err != nil {
			return err
		}
		wait *= 2
	}
}

// once returns retryAfter >= 0 when the answer was 429 or 5xx (0: no Retry-After given).
func (c *Client) once(ctx context.Context, method, path string, payload []byte, out any) (time.Duration, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, body)
	if err != nil {
		return -1, err
	}
	req.Header.Set("X-Eflow-API-Key", c.APIKey)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if fault.KindOf(err) == fault.Invalid {
			return -1, err // a refused redirect: retrying cannot help
		}
		return -1, fmt.Errorf("cannot reach Everflow at %s (%v): check the API address and the internet connection", c.Base, err)
	}
	defer resp.Body.Close()
	c.pace(resp.Header)
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return -1, fmt.Errorf("reading Everflow's answer on %s: %w", path, err)
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		return parseRetryAfter(resp.Header.Get("Retry-After")), &APIError{Status: resp.StatusCode, Path: path, Body: snippet(data)}
	}
	if resp.StatusCode >= 300 {
		return -1, &APIError{Status: resp.StatusCode, Path: path, Body: snippet(data)}
	}
	if err := json.Unmarshal(data, out); err != nil {
		return -1, &decodeError{path: path, err: err, body: snippet(data)}
	}
	return -1, nil
}

// pace reads the X-RateLimit-* headers: with nothing remaining in the current window, the
// next request waits for the window to reset (X-RateLimit-Reset seconds, else one second,
// the window of the 30-a-second limit) instead of running into a 429.
func (c *Client) pace(h http.Header) {
	rem, err := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Remaining")))
	if err != nil || rem > 0 {
		return
	}
	wait := time.Second
	if s, err := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Reset"))); err == nil && s > 0 && s <= 60 {
		wait = time.Duration(s) * time.Second
	}
	c.mu.Lock()
	c.pause = wait
	c.mu.Unlock()
}

func (c *Client) takePause() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.pause
	c.pause = 0
	return d
}

type decodeError struct {
	path, body string
	err        error
}

func (e *decodeError) Error() string {
	return fmt.Sprintf("Everflow's answer on %s is not the JSON expected (%v): %s", e.path, e.err, e.body)
}

func isDecodeError(err error) bool {
	var d *decodeError
	return errors.As(err, &d)
}

// parseRetryAfter reads seconds or an HTTP date; 0 when absent or unreadable.
func parseRetryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
