package local

import (
	"sync"
	"time"
)

// apiBusyRate is the HTTP API request rate (per second) at and above which SQS pollers stop
// growing and those above the minimum stop after their batch. On AWS a queue's pollers and the
// functions behind the API have capacity of their own; here they share the machine's cores and
// moto's one DynamoDB lock, so a drain running ten concurrent batches in the middle of a webhook
// burst made each newly started webhook instance's first route lookup wait behind the drain's
// writes (0.1-1 s), and the burst's p99 with it. The minimum pollers keep running, so a burst's
// backlog still drains meanwhile; the pollers grow again once the API is back under this rate
// (the status webhooks that follow a drain's replies stay well below it).
const apiBusyRate = 50

// apiSlot is the width of one of the meter's time slots; apiSlots of them make its one-second
// window.
const (
	apiSlot  = 100 * time.Millisecond
	apiSlots = 10
)

// apiMeter counts HTTP API requests over the last second in apiSlot slots, so that a burst is
// seen within 200-300 ms of its start, not a second later.
type apiMeter struct {
	mu     sync.Mutex
	counts [apiSlots]int
	slots  [apiSlots]int64 // the slot number each count belongs to
}

// add counts one request started at now.
func (m *apiMeter) add(now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := slotOf(now)
	i := n % apiSlots
	if m.slots[i] != n {
		m.slots[i], m.counts[i] = n, 0
	}
	m.counts[i]++
}

// busy reports whether the last second saw apiBusyRate requests, or the current slot and the
// two before it a fifth of that (the same rate, sustained for 200 ms).
func (m *apiMeter) busy(now time.Time) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := slotOf(now)
	second, recent := 0, 0
	for i, c := range m.counts {
		age := n - m.slots[i]
		if age < 0 || age >= apiSlots {
			continue
		}
		second += c
		if age < 3 {
			recent += c
		}
	}
	return second >= apiBusyRate || recent >= apiBusyRate/5
}

func slotOf(t time.Time) int64 { return t.UnixMilli() / apiSlot.Milliseconds() }
