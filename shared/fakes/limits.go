package fakes

import (
	"context"
	"sync"
	"time"

	"github.com/proplink/chat/shared/ratelimit"
)

// Pacer answers every reservation with Decide (allowed when nil) and records the keys.
type Pacer struct {
	mu     sync.Mutex
	Decide func(key string) ratelimit.Decision
	keys   []string
}

// Reserve records key and answers.
func (p *Pacer) Reserve(_ context.Context, key string, _ time.Time) (ratelimit.Decision, error) {
	p.mu.Lock()
	p.keys = append(p.keys, key)
	p.mu.Unlock()
	if p.Decide == nil {
		return ratelimit.Decision{Allowed: true}, nil
	}
	return p.Decide(key), nil
}

// Keys returns the keys reserved, in order.
func (p *Pacer) Keys() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.keys...)
}

// Limiter answers every Allow with Decision and Err and records the keys.
type Limiter struct {
	mu       sync.Mutex
	Decision ratelimit.Decision
	Err      error
	keys     []string
}

// Allow records key and answers.
func (l *Limiter) Allow(_ context.Context, key string, _ time.Time) (ratelimit.Decision, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.keys = append(l.keys, key)
	return l.Decision, l.Err
}

// Keys returns the keys asked about, in order.
func (l *Limiter) Keys() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.keys...)
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
