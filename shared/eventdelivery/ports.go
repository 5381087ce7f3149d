// Package eventdelivery drains the platform event queue: it fans each emitted event out to
// the organisation's endpoints that want it (one delivery record per endpoint, in a message
// group per endpoint and subject, so one subject's events reach an endpoint in order) and to
// the EventBridge bus when one is configured, then delivers each record to its endpoint as a
// signed HTTP POST, logging every attempt. Retryable failures (no answer, 408, 425, 429, 5xx)
// come back after a growing backoff until the queue's last receive sends them to the
// dead-letter queue; an endpoint's permanent refusal (any other non-2xx), or an address the
// egress guard refuses, sends the record there at once. Delivery is at least once: receivers dedupe by the event id.
package eventdelivery

import (
	"context"
	"net/http"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

// Endpoints reads an organisation's platform endpoints. GetEndpoint of an endpoint deleted
// since is an error coded messaging.CodeNotFound.
type Endpoints interface {
	ListEndpoints(ctx context.Context, orgID string) ([]platformevent.Endpoint, error)
	GetEndpoint(ctx context.Context, orgID, id string) (platformevent.Endpoint, error)
}

// DeliveryLog keeps each endpoint's last attempts. Recording one attempt twice (a retried
// write) keeps one line.
type DeliveryLog interface {
	RecordAttempt(ctx context.Context, orgID string, a platformevent.Attempt) error
}

// Secrets reads the endpoints' signing secrets.
type Secrets interface {
	Get(ctx context.Context, name string) (string, error)
}

// Queue puts records on a FIFO queue (sqsq.Queue is one): the event queue for the fan-out's
// delivery records, the dead-letter queue for a permanent refusal.
type Queue interface {
	Send(ctx context.Context, m messaging.QueueMessage) error
}

// Bus puts events on an EventBridge bus; a put of an event already put is harmless
// (consumers dedupe by the event id).
type Bus interface {
	Put(ctx context.Context, evs []platformevent.Event) error
}

// Metrics counts what happened (obs.Metrics is one).
type Metrics interface {
	Count(name string, value float64, dims map[string]string)
}

// MetricDeliveries counts delivery attempts by Outcome (delivered, retrying, dead_lettered),
// in CloudWatch EMF under obs.Namespace.
const MetricDeliveries = "PlatformEventDeliveries"

// Doer sends one HTTP request (egress's guarded client is one).
type Doer interface {
	Do(req *http.Request) (*http.Response, error)
}

// Service fans events out and delivers them. Queue, DeadLetters, Endpoints, Log, Secrets,
// HTTP and Metrics are required; Bus is nil when no bus is configured.
type Service struct {
	Endpoints   Endpoints
	Log         DeliveryLog
	Secrets     Secrets
	Queue       Queue
	DeadLetters Queue
	Bus         Bus
	HTTP        Doer
	Metrics     Metrics
	// RetryBase is the first retry's backoff (DefaultRetryBase when zero).
	RetryBase time.Duration
	// UserAgent names the sender in each request.
	UserAgent string
	Now       func() time.Time
}

// DefaultRetryBase is the first retry's backoff: with the queue's receives it rides out
// several hours of an endpoint's outage.
const DefaultRetryBase = 30 * time.Second

// RetryBaseEnv names the optional environment variable (a Go duration) that shortens the
// backoff, for the local stage's tests.
const RetryBaseEnv = "EVENTS_RETRY_BASE"
