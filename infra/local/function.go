package local

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// function is one AWS::Serverless::Function: its settings and its running instances.
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
	// count is how many instances start runs.
	count int

	mu        sync.Mutex
	instances []*instance
}

// start launches n instances, each a process with its own Runtime API endpoint.
func (f *function) start(n int) error {
	f.count = n
	for i := 0; i < n; i++ {
		in, err := newInstance(f, i)
		if err != nil {
			f.stop()
			return err
		}
		f.mu.Lock()
		f.instances = append(f.instances, in)
		f.mu.Unlock()
	}
	return nil
}

// stop kills every instance and waits for them.
func (f *function) stop() {
	f.mu.Lock()
	ins := f.instances
	f.instances = nil
	f.mu.Unlock()
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Add(1)
		go func() { defer wg.Done(); in.stop() }()
	}
	wg.Wait()
}

// invoke runs one event through the next free instance and returns its answer, or a
// *FunctionError when the function failed, timed out or crashed.
func (f *function) invoke(ctx context.Context, payload []byte) ([]byte, error) {
	f.active.Add(1)
	defer f.active.Add(-1)
	inv := newInvocation(payload)
	select {
	case f.queue <- inv:
	case <-ctx.Done():
		return nil, fmt.Errorf("local: invoke %s: %w", f.id, ctx.Err())
	}
	select {
	case res := <-inv.done:
		return res.body, res.err
	case <-ctx.Done():
		inv.cancelled.Store(true)
		return nil, fmt.Errorf("local: invoke %s: %w", f.id, ctx.Err())
	}
}

// failWaiting fails one invocation waiting for an instance, if any (after an init error).
func (f *function) failWaiting(err error) {
	select {
	case inv := <-f.queue:
		inv.finish(nil, err)
	default:
	}
}
