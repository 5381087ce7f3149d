package local

import (
	"math"
	"sort"
	"sync"
	"time"
)

// latencyBuckets is how many histogram buckets split each doubling of a duration: 8 keeps every
// percentile within about 9% of the true value.
const latencyBuckets = 8

// Latency summarises the durations recorded under one name since Start (or ResetLatencies).
type Latency struct {
	Count         int
	P50, P99, Max time.Duration
}

// latencies is a histogram per name (e.g. "WebhookFunction wait", "sqs:SendMessageBatch") with
// log-spaced buckets, so memory stays fixed however long `make dev` runs.
type latencies struct {
	mu    sync.Mutex
	hists map[string]*histogram
}

type histogram struct {
	counts map[int]int
	n      int
	max    time.Duration
}

func newLatencies() *latencies { return &latencies{hists: map[string]*histogram{}} }

// add records one duration under name. A nil *latencies records nothing.
func (l *latencies) add(name string, d time.Duration) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.hists[name]
	if h == nil {
		h = &histogram{counts: map[int]int{}}
		l.hists[name] = h
	}
	h.counts[bucketOf(d)]++
	h.n++
	h.max = max(h.max, d)
}

// since records the time elapsed since start under name.
func (l *latencies) since(name string, start time.Time) { l.add(name, time.Since(start)) }

// summary is every name's count, percentiles (each bucket's upper bound, capped at the maximum)
// and maximum.
func (l *latencies) summary() map[string]Latency {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]Latency, len(l.hists))
	for name, h := range l.hists {
		out[name] = Latency{Count: h.n, P50: h.quantile(0.50), P99: h.quantile(0.99), Max: h.max}
	}
	return out
}

// reset forgets every recorded duration.
func (l *latencies) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hists = map[string]*histogram{}
}

// quantile is the upper bound of the bucket holding the q-th duration, capped at the maximum.
func (h *histogram) quantile(q float64) time.Duration {
	keys := make([]int, 0, len(h.counts))
	for k := range h.counts {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	rank := int(math.Ceil(q * float64(h.n)))
	seen := 0
	for _, k := range keys {
		if seen += h.counts[k]; seen >= rank {
			return min(bucketTop(k), h.max)
		}
	}
	return h.max
}

// bucketOf is the bucket of a duration: 0 up to 1 µs, then latencyBuckets per doubling.
func bucketOf(d time.Duration) int {
	us := float64(d) / float64(time.Microsecond)
	if us <= 1 {
		return 0
	}
	return 1 + int(math.Floor(math.Log2(us)*latencyBuckets))
}

// bucketTop is the largest duration in bucket k.
func bucketTop(k int) time.Duration {
	if k == 0 {
		return time.Microsecond
	}
	return time.Duration(math.Exp2(float64(k)/latencyBuckets) * float64(time.Microsecond))
}
