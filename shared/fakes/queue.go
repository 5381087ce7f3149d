package fakes

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"
)

// Queue records the messages put on it (of the queue adapter's message type M) and fails
// every send with Err when set. Bodies must encode as JSON, as on a real queue.
type Queue[M any] struct {
	mu   sync.Mutex
	sent []M
	Err  error
	// Body, when set, returns a message's body, checked to encode as JSON.
	Body func(M) any
}

// Send puts one message on the queue.
func (q *Queue[M]) Send(ctx context.Context, m M) error { return q.SendBatch(ctx, []M{m}) }

// SendBatch puts messages on the queue, all or none.
func (q *Queue[M]) SendBatch(_ context.Context, ms []M) error {
	if q.Body != nil {
		for _, m := range ms {
			if err := encodes(q.Body(m)); err != nil {
				return err
			}
		}
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.Err != nil {
		return q.Err
	}
	q.sent = append(q.sent, ms...)
	return nil
}

// encodes checks a body as the queue adapter does: a json.RawMessage is already encoded and
// sent as it is (its producer vouches for it), so only an empty one is refused; anything else
// must encode as JSON.
func encodes(body any) error {
	if raw, ok := body.(json.RawMessage); ok {
		if len(raw) == 0 {
			return errors.New("fakes: empty queue body")
		}
		return nil
	}
	_, err := json.Marshal(body)
	return err
}

// Sent returns the messages put on the queue, in order.
func (q *Queue[M]) Sent() []M {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]M(nil), q.sent...)
}

// Reset forgets the messages sent.
func (q *Queue[M]) Reset() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.sent = q.sent[:0]
}

// Visibility records each receipt handle's last visibility change.
type Visibility struct {
	mu      sync.Mutex
	changes map[string]time.Duration
}

// ChangeVisibility records d for the receipt handle.
func (v *Visibility) ChangeVisibility(_ context.Context, receiptHandle string, d time.Duration) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.changes == nil {
		v.changes = map[string]time.Duration{}
	}
	v.changes[receiptHandle] = d
	return nil
}

// Of returns the receipt handle's last visibility change, and whether there was one.
func (v *Visibility) Of(receiptHandle string) (time.Duration, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	d, ok := v.changes[receiptHandle]
	return d, ok
}
