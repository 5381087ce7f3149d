package fakes

import (
	"context"
	"sync"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// keyLog records the keys a limiter was asked about.
type keyLog struct {
	mu   sync.Mutex
	keys []string
}

func (k *keyLog) add(key string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.keys = append(k.keys, key)
}

// Keys returns the keys asked about, in order.
func (k *keyLog) Keys() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]string(nil), k.keys...)
}

// Pacer answers every reservation with Decide (allowed when nil) and records the keys, and the
// jobs of pair reservations.
type Pacer struct {
	keyLog
	Decide func(key string) messaging.RateDecision

	jobsMu sync.Mutex
	jobs   []int64
}

// Jobs returns the jobs of the pair reservations asked for, in order.
func (p *Pacer) Jobs() []int64 {
	p.jobsMu.Lock()
	defer p.jobsMu.Unlock()
	return append([]int64(nil), p.jobs...)
}

// Reserve records key and answers.
func (p *Pacer) Reserve(_ context.Context, key string, _ time.Time) (messaging.RateDecision, error) {
	p.add(key)
	if p.Decide == nil {
		return messaging.RateDecision{Allowed: true}, nil
	}
	return p.Decide(key), nil
}

// ReservePair records the job and reserves the key of the pair (business number, recipient).
func (p *Pacer) ReservePair(ctx context.Context, orgID, phoneNumberID, recipient string, jobID int64, now time.Time) (messaging.RateDecision, error) {
	p.jobsMu.Lock()
	p.jobs = append(p.jobs, jobID)
	p.jobsMu.Unlock()
	return p.Reserve(ctx, "ORG#"+orgID+"#PACE#PAIR#"+phoneNumberID+"#"+messaging.WAID(recipient), now)
}

// Limiter answers every Allow with Decision and Err and records the keys.
type Limiter struct {
	keyLog
	Decision messaging.RateDecision
	Err      error
}

// Allow records key and answers.
func (l *Limiter) Allow(_ context.Context, key string, _ time.Time) (messaging.RateDecision, error) {
	l.add(key)
	return l.Decision, l.Err
}

// Clock is a settable time source.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }
