package webhook

import (
	"context"
	"errors"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// VerifyTokenName is the stage-wide verify token's secret name, under the SSM prefix
// (/proplink/<stage>/webhook/verify-token).
const VerifyTokenName = "webhook/verify-token"

// The metrics the ingress emits besides obs.MetricWebhookEvents (dimension Kind).
const (
	MetricProblems = "WebhookProblems" // items that did not parse
	MetricUnrouted = "WebhookUnrouted" // events for a number or account no organisation uses
	MetricRejected = "WebhookRejected" // POSTs refused for their signature (dimension Reason)
)

// MaxRoutes caps the distinct numbers (and accounts) one body may name; Meta batches per
// account, so more is not Meta and would only cost lookups before the signature is checked.
const MaxRoutes = 50

// PhoneLookup finds the organisation that owns a business number, with its secrets revision;
// an unknown number is an error with code messaging.CodeNotFound.
type PhoneLookup interface {
	RouteByPhoneNumberID(ctx context.Context, phoneNumberID string) (messaging.Route, error)
}

// WABALookup finds the organisation that owns a WhatsApp Business Account, with its secrets
// revision; an unknown account is an error with code messaging.CodeNotFound.
type WABALookup interface {
	RouteByWABAID(ctx context.Context, wabaID string) (messaging.Route, error)
}

// Secrets reads secrets by name (the stage's verify token, organisations' app secrets); a
// missing one is an error with code messaging.CodeNotConfigured.
type Secrets interface {
	Get(ctx context.Context, name string) (string, error)
}

// Queue sends messages to the inbound FIFO queue, all or an error.
type Queue interface {
	SendBatch(ctx context.Context, ms []messaging.QueueMessage) error
}

// Metrics counts what happened.
type Metrics interface {
	Count(name string, value float64, dims map[string]string)
}

// Service is the webhook ingress. Build it with New.
type Service struct {
	phones  *routeCache
	wabas   *routeCache // nil: changes without a number are unrouted
	secrets Secrets
	queue   Queue
	metrics Metrics
	now     func() time.Time
}

// Config is what a Service needs.
type Config struct {
	Phones  PhoneLookup
	WABAs   WABALookup // optional
	Secrets Secrets
	Queue   Queue
	Metrics Metrics // optional
	// RouteTTL is how long a known route is cached (5 minutes when zero); unknown numbers are
	// cached for a fifth of it.
	RouteTTL time.Duration
	Now      func() time.Time // time.Now when nil
}

// New returns a Service, or an error naming a missing dependency.
func New(c Config) (*Service, error) {
	if c.Phones == nil || c.Secrets == nil || c.Queue == nil {
		return nil, errors.New("webhook: a phone lookup, secrets and a queue are required")
	}
	if c.RouteTTL <= 0 {
		c.RouteTTL = 5 * time.Minute
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	s := &Service{secrets: c.Secrets, queue: c.Queue, metrics: c.Metrics, now: c.Now}
	s.phones = newRouteCache(c.Phones.RouteByPhoneNumberID, c.RouteTTL, c.Now, maxCachedRoutes)
	if c.WABAs != nil {
		s.wabas = newRouteCache(c.WABAs.RouteByWABAID, c.RouteTTL, c.Now, maxCachedRoutes)
	}
	return s, nil
}

func (s *Service) count(name string, v float64, dims map[string]string) {
	if s.metrics != nil && v > 0 {
		s.metrics.Count(name, v, dims)
	}
}
