package local

import (
	"sync"
	"time"
)

// apiBusyRate is the HTTP API request rate (per second) at and above which SQS pollers stop
// growing. On AWS a queue's pollers and the functions behind the API have capacity of their
// own; here they share the machine's cores and moto's one DynamoDB lock, so a drain growing to
// ten concurrent batches in the middle of a webhook burst made each newly started webhook
// instance's first route lookup wait behind the drain's writes (0.5-1 s), and the burst's p99
// with it. Pollers already running keep running, so a burst's backlog still drains, just with
// the concurrency it had; they grow again once the API is back under this rate (the status
// webhooks that follow a drain's replies stay well below it).
const apiBusyRate = 50

// apiMeter counts HTTP API requests in one-second windows.
type apiMeter struct {
	mu        sync.Mutex
	window    int64 // the current window's Unix second
	cur, prev int   // requests in the current and the previous window
}

// add counts one request started at now.
func (m *apiMeter) add(now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.roll(now.Unix())
	m.cur++
}

// busy reports whether the current or the previous second saw apiBusyRate requests or more.
func (m *apiMeter) busy(now time.Time) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.roll(now.Unix())
	return max(m.cur, m.prev) >= apiBusyRate
}

// roll moves the windows forward to second sec; the caller holds m.mu.
func (m *apiMeter) roll(sec int64) {
	switch {
	case sec == m.window:
	case sec == m.window+1:
		m.prev, m.cur = m.cur, 0
	default:
		m.prev, m.cur = 0, 0
	}
	m.window = max(m.window, sec)
}
