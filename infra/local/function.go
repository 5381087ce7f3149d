package local

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// defaultConcurrency is how many instances a function without ReservedConcurrentExecutions may
// run at once locally (Lambda's own cap is the account's, 1,000 by default).
const defaultConcurrency = 10

// defaultIdleTimeout is how long an instance above the warm minimum may sit idle before it stops.
const defaultIdleTimeout = time.Minute

// backgroundNice is the scheduling priority (nice value) of the processes of functions no
// HTTP API route reaches (queue consumers, schedules). On AWS every instance has its own CPU; here
// every process shares the machine's few cores, and a queue drain at full concurrency would take
// CPU from the webhook that is acknowledging the very burst being drained. Under nice 10 a
// consumer gets what the API processes leave, and all of it when they are idle: no consumer
// stops, visibility timeouts and batches are unchanged.
const backgroundNice = 10

// function is one AWS::Serverless::Function: its settings and its pool of running instances,
// which grows by one process whenever an invocation finds every instance busy, up to max, and
// shrinks back to min as instances sit idle, as Lambda's execution environments do.
type function struct {
	id      string
	name    string
	arn     string
	timeout time.Duration
	memory  int
	bin     string
	env     []string
	queue   chan *invocation
	sink    *logSink
	active  *atomic.Int64
	lat     *latencies
	// min is how many instances stay warm; max is the most that run at once.
	min, max int
	// idleAfter is how long an instance above min may wait for work before it stops.
	idleAfter time.Duration
	// nice is its processes' scheduling priority: 0, or backgroundNice for one no route reaches.
	nice int

	mu        sync.Mutex
	instances []*instance
	inflight  int
	started   int // instances started so far, numbering them
	peak      int // the most instances running at once since start
	closed    bool
	quit      chan struct{}
	reaped    chan struct{}
}

// start launches the warm minimum of instances and the reaper that stops idle ones.
func (f *function) start() error {
	f.max = max(f.max, f.min, 1)
	if f.idleAfter <= 0 {
		f.idleAfter = defaultIdleTimeout
	}
	f.quit, f.reaped = make(chan struct{}), make(chan struct{})
	f.mu.Lock()
	for len(f.instances) < f.min {
		if err := f.addLocked(); err != nil {
			f.mu.Unlock()
			close(f.reaped)
			f.stop()
			return err
		}
	}
	f.mu.Unlock()
	go f.reap()
	return nil
}

// addLocked starts one more instance; the caller holds f.mu.
func (f *function) addLocked() error {
	in, err := newInstance(f, f.started)
	if err != nil {
		return err
	}
	f.started++
	f.instances = append(f.instances, in)
	f.peak = max(f.peak, len(f.instances))
	return nil
}

// stop kills every instance and waits for them.
func (f *function) stop() {
	f.mu.Lock()
	ins := f.instances
	f.instances = nil
	first := !f.closed
	f.closed = true
	f.mu.Unlock()
	if first && f.quit != nil {
		close(f.quit)
		<-f.reaped
	}
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Add(1)
		go func() { defer wg.Done(); in.stop() }()
	}
	wg.Wait()
}

// invoke runs one event through the next free instance, starting one more when every instance
// is busy and the function is below its concurrency, and returns the answer, or a
// *FunctionError when the function failed, timed out or crashed.
func (f *function) invoke(ctx context.Context, payload []byte) ([]byte, error) {
	f.active.Add(1)
	defer f.active.Add(-1)
	if err := f.claim(); err != nil {
		return nil, err
	}
	defer f.release()
	inv := newInvocation(payload)
	select {
	case f.queue <- inv:
	case <-ctx.Done():
		return nil, fmt.Errorf("local: invoke %s: %w", f.id, ctx.Err())
	}
	select {
	case res := <-inv.done:
		if !inv.picked.IsZero() {
			f.lat.add(f.id+" wait", inv.picked.Sub(inv.queued))
			f.lat.since(f.id+" run", inv.picked)
		}
		return res.body, res.err
	case <-ctx.Done():
		inv.cancelled.Store(true)
		return nil, fmt.Errorf("local: invoke %s: %w", f.id, ctx.Err())
	}
}

// claim counts one more invocation in flight and scales up when they outnumber the instances.
func (f *function) claim() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return fmt.Errorf("local: invoke %s: stack closed", f.id)
	}
	f.inflight++
	if f.inflight > len(f.instances) && len(f.instances) < f.max {
		if err := f.addLocked(); err != nil {
			f.sink.line("["+f.id+"] ", "scale up: "+err.Error())
		}
	}
	return nil
}

func (f *function) release() {
	f.mu.Lock()
	f.inflight--
	f.mu.Unlock()
}

// reap stops instances above the warm minimum that have been idle for idleAfter, newest first,
// while fewer invocations are in flight than instances run.
func (f *function) reap() {
	defer close(f.reaped)
	tick := time.NewTicker(max(f.idleAfter/4, 10*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-f.quit:
			return
		case <-tick.C:
		}
		for _, in := range f.retire(time.Now()) {
			in.stop()
		}
	}
}

// retire takes the idle instances reap should stop out of the pool.
func (f *function) retire(now time.Time) []*instance {
	f.mu.Lock()
	defer f.mu.Unlock()
	var gone []*instance
	for i := len(f.instances) - 1; i >= 0 && len(f.instances) > f.min && f.inflight < len(f.instances); i-- {
		in := f.instances[i]
		if !in.retireIfIdle(now, f.idleAfter) {
			continue
		}
		f.instances = append(f.instances[:i], f.instances[i+1:]...)
		gone = append(gone, in)
	}
	return gone
}

// requeue hands an invocation that a retiring instance picked up to another instance.
func (f *function) requeue(inv *invocation) {
	go func() {
		select {
		case f.queue <- inv:
		case <-f.quit:
			inv.finish(nil, &FunctionError{Function: f.id, Type: "Runtime.ExitError", Message: "stack closed before the invocation ran"})
		}
	}()
}

// size reports how many instances run now and the most that ran at once.
func (f *function) size() (now, peak int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.instances), f.peak
}

// failWaiting fails one invocation waiting for an instance, if any (after an init error).
func (f *function) failWaiting(err error) {
	select {
	case inv := <-f.queue:
		inv.finish(nil, err)
	default:
	}
}
