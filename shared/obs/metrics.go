package obs

import (
	"encoding/json"
	"io"
	"sort"
	"sync"
	"time"
)

// Namespace is the CloudWatch namespace of every metric the product emits.
const Namespace = "PropLinkChat"

// The metric names.
const (
	MetricSent          = "MessagesSent"
	MetricQueued        = "MessagesQueued"
	MetricFailed        = "MessagesFailed"
	MetricRateLimited   = "RateLimited"
	MetricProviderAuth  = "ProviderAuthFailures"
	MetricWebhookEvents = "WebhookEvents"
	MetricDLQArrivals   = "DLQArrivals"
)

// Metrics writes CloudWatch Embedded Metric Format lines: each Count call is one JSON line that
// CloudWatch turns into a metric data point, with no API call from the function.
type Metrics struct {
	mu      sync.Mutex
	w       io.Writer
	service string
	now     func() time.Time
}

// NewMetrics returns a writer of EMF lines to w (the function's stdout in Lambda).
func NewMetrics(w io.Writer, service string) *Metrics {
	return &Metrics{w: w, service: service, now: time.Now}
}

// Count emits one data point of name with value (unit Count) and the given dimensions.
func (m *Metrics) Count(name string, value float64, dims map[string]string) {
	if m == nil {
		return
	}
	keys := make([]string, 0, len(dims)+1)
	line := map[string]any{name: value, "Service": m.service}
	keys = append(keys, "Service")
	for k, v := range dims {
		line[k] = v
		keys = append(keys, k)
	}
	sort.Strings(keys[1:])
	line["_aws"] = map[string]any{
		"Timestamp": m.now().UnixMilli(),
		"CloudWatchMetrics": []any{map[string]any{
			"Namespace":  Namespace,
			"Dimensions": [][]string{keys},
			"Metrics":    []any{map[string]string{"Name": name, "Unit": "Count"}},
		}},
	}
	b, err := json.Marshal(line)
	if err != nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	_, _ = m.w.Write(append(b, '\n'))
}
