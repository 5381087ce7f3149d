package platformhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// Defaults of a Client.
const (
	// MaxAnswer bounds an answer's body.
	MaxAnswer = 1 << 20
	// Attempts bounds the tries of one call (the first and two retries).
	Attempts = 3
	// AttemptTimeout bounds one try.
	AttemptTimeout = 8 * time.Second
)

// MsgUnavailable is what a person is told when the platform cannot be reached.
const MsgUnavailable = "The property platform is not answering just now. Please try again in a few minutes."

// Client speaks the contract to one organisation's platform. Safe for concurrent use.
type Client struct {
	http    *http.Client
	base    string
	token   string
	backoff time.Duration
}

var _ property.Platform = (*Client)(nil)

// New returns a client of the platform at baseURL (https, or http on loopback for the local
// stage) with the bearer token; hc should come from egress.New.
func New(hc *http.Client, baseURL, token string) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.RawQuery != "" || u.Fragment != "" {
		return nil, messaging.Errorf(messaging.CodeInvalid, "Invalid platform_url (an https URL)")
	}
	if token == "" {
		return nil, messaging.Errorf(messaging.CodeNotConfigured, "The property platform's token is not set")
	}
	return &Client{http: hc, base: strings.TrimRight(baseURL, "/"), token: token, backoff: 200 * time.Millisecond}, nil
}

// WithBackoff returns the client with another first retry delay (tests use a short one).
func (c *Client) WithBackoff(d time.Duration) *Client {
	cc := *c
	cc.backoff = d
	return &cc
}

// call makes one request of the contract, retrying as the package doc says, and decodes the
// envelope's data into out (nil to ignore it). idempotencyKey is set on every write.
func (c *Client) call(ctx context.Context, method, path string, query url.Values, body any, idempotencyKey string, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("platformhttp: %s %s: encode: %w", method, path, err)
		}
	}
	target := c.base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	retryable := method == http.MethodGet || idempotencyKey != ""
	var last error
	for attempt := range Attempts {
		if attempt > 0 {
			if !retryable {
				break
			}
			if err := sleep(ctx, c.backoff<<(attempt-1)); err != nil {
				break
			}
		}
		status, data, err := c.try(ctx, method, target, payload, idempotencyKey)
		if err == nil && status < 300 {
			if out == nil {
				return nil
			}
			if err := Decode(data, out); err != nil {
				return unavailable(fmt.Errorf("platformhttp: %s %s: %w", method, path, err))
			}
			return nil
		}
		if err != nil {
			last = fmt.Errorf("platformhttp: %s %s: %w", method, path, err)
			if errors.Is(err, egress.ErrRefused) || ctx.Err() != nil {
				break
			}
			continue
		}
		last = classify(method, path, status, data)
		if !transient(status) {
			return last
		}
	}
	if messaging.ErrorCode(last) == messaging.CodeInternal {
		return unavailable(last)
	}
	return last
}

// try makes one attempt and returns the status and the (bounded) body.
func (c *Client) try(ctx context.Context, method, target string, payload []byte, idempotencyKey string) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, AttemptTimeout)
	defer cancel()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", idempotencyKey)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := egress.ReadAll(resp.Body, MaxAnswer)
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, data, nil
}

// transient reports whether a status is worth another try.
func transient(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusBadGateway ||
		status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

// classify turns a failed answer into the coded error it means; the platform's own text stays
// in the cause, never in what a person is shown.
func classify(method, path string, status int, data []byte) error {
	cause := fmt.Errorf("platformhttp: %s %s: status %d: %s", method, path, status, errorText(data))
	switch {
	case status == http.StatusNotFound:
		return messaging.Wrap(messaging.CodeNotFound, "Not found. It may not exist, have been deleted, or belong to someone else.", cause)
	case status == http.StatusConflict:
		return messaging.Wrap(messaging.CodeConflict, "The property platform is busy with the same change; please try again.", cause)
	case status == http.StatusBadRequest, status == http.StatusUnprocessableEntity:
		return messaging.Wrap(messaging.CodeUnprocessable, "The property platform could not accept that.", cause)
	}
	return unavailable(cause) // 401/403 (a bad token), 429, 5xx and anything unexpected
}

func unavailable(cause error) error {
	return messaging.Wrap(messaging.CodeUnavailable, MsgUnavailable, cause)
}

// errorText is the envelope's error, bounded, for logs.
func errorText(data []byte) string {
	var env struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(data, &env)
	if len(env.Error) > 200 {
		return env.Error[:200]
	}
	return env.Error
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// pathID escapes one path segment.
func pathID(id string) string { return url.PathEscape(id) }
