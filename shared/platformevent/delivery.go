package platformevent

import (
	"math/rand/v2"
	"net/http"
	"time"
)

// Outcome is what became of one delivery attempt.
type Outcome string

// The outcomes a delivery log records.
const (
	// Delivered: the endpoint answered 2xx.
	Delivered Outcome = "delivered"
	// Retrying: a network error, a timeout, 408, 425, 429 or 5xx; the queue tries again
	// after Backoff, until its last receive.
	Retrying Outcome = "retrying"
	// DeadLettered: the endpoint refused the event for good (any other status: 3xx, 4xx) or
	// the retries ran out; the event waits in the dead-letter queue for an operator's redrive.
	DeadLettered Outcome = "dead_lettered"
)

// Classify returns the outcome of an attempt that got status (0 when no answer came).
func Classify(status int) Outcome {
	switch {
	case status >= 200 && status < 300:
		return Delivered
	case status == 0, status == http.StatusRequestTimeout, status == http.StatusTooEarly,
		status == http.StatusTooManyRequests, status >= 500:
		return Retrying
	default:
		return DeadLettered
	}
}

// Attempt is one line of an endpoint's delivery log.
type Attempt struct {
	EndpointID string    `json:"endpoint_id"`
	EventID    string    `json:"event_id"`
	EventType  Kind      `json:"event_type"`
	Attempt    int       `json:"attempt"`
	At         time.Time `json:"attempted_at"`
	// StatusCode is the endpoint's answer, 0 when none came (Error says why).
	StatusCode int     `json:"status_code"`
	LatencyMS  int64   `json:"latency_ms"`
	Outcome    Outcome `json:"outcome"`
	Error      string  `json:"error,omitempty"`
}

// Backoff is the wait before attempt n+1 after a retryable failure: exponential from base,
// capped at an hour, with jitter over its upper half.
func Backoff(attempt int, base time.Duration) time.Duration {
	n := min(max(attempt, 1), 20)
	d := base
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	d = min(d, time.Hour)
	if d < 2 {
		return d
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)))
}
