package local

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// idleReceives is how many empty receives in a row make a poller above the minimum stop.
const idleReceives = 3

// pollers is one SQS event source's pollers. Like Lambda's SQS poller it keeps several batches in
// flight: it starts with the stack's Instances pollers, adds one each time a poller receives a
// batch while fewer than limit run (the function's concurrency, or the source's
// ScalingConfig.MaximumConcurrency) and the HTTP API is not busy (apiBusyRate), and drops one
// after idleReceives empty receives or, while the API is busy, after its batch. On a FIFO queue SQS itself hands out no message of a group
// while an earlier one of that group is in flight, so concurrent pollers keep each group's
// order: a batch is deleted only after the function has handled it.
type pollers struct {
	s      *Stack
	client *sqs.Client
	src    *sqsSource
	f      *function
	min    int
	limit  int

	mu      sync.Mutex
	running int
	peak    int
}

// spawn starts one more poller.
func (g *pollers) spawn(ctx context.Context) {
	g.mu.Lock()
	g.running++
	g.peak = max(g.peak, g.running)
	g.mu.Unlock()
	g.run(ctx)
}

// grow starts another poller when the source is below its limit and the HTTP API is not busy
// (apiBusyRate).
func (g *pollers) grow(ctx context.Context) { g.growAt(ctx, time.Now()) }

// growAt is grow at time now.
func (g *pollers) growAt(ctx context.Context, now time.Time) {
	if g.s.api.busy(now) {
		return
	}
	g.mu.Lock()
	below := g.running < g.limit
	if below {
		g.running++
		g.peak = max(g.peak, g.running)
	}
	g.mu.Unlock()
	if below {
		g.run(ctx)
	}
}

func (g *pollers) run(ctx context.Context) {
	g.s.wg.Add(1)
	go func() {
		defer g.s.wg.Done()
		g.poll(ctx)
	}()
}

// leave lets a poller stop when more than the minimum run, and reports whether it may.
func (g *pollers) leave() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running <= g.min {
		return false
	}
	g.running--
	return true
}

// size reports how many pollers run now and the most that ran at once.
func (g *pollers) size() (now, peak int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.running, g.peak
}
