// Package eventgate keeps platform events nobody will receive off the platform event queue:
// the emitting functions publish through a Gate, which passes on only the events of kinds
// some endpoint of the event's organisation wants (or every event, when an EventBridge bus
// receives them all). What each organisation wants is read once per TTL per instance, so a
// new endpoint receives events within the TTL of its creation.
package eventgate

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/proplink/chat/shared/platformevent"
)

// DefaultTTL is how long an instance trusts what it read of an organisation's endpoints.
const DefaultTTL = time.Minute

// maxCached bounds the organisations one instance remembers; past it the expired entries go,
// and if none has expired the whole cache does.
const maxCached = 4096

// Publisher emits platform events (sqsq.EventQueue on PlatformEventQueue is one).
type Publisher interface {
	Publish(ctx context.Context, evs ...platformevent.Event) error
}

// Interests reads what an organisation's endpoints want: each endpoint's kinds (dynamo.Store's
// EventInterest is one).
type Interests interface {
	EventInterest(ctx context.Context, orgID string) ([]platformevent.Endpoint, error)
}

// Gate is a Publisher that passes on to Next only the events some endpoint wants.
type Gate struct {
	Next      Publisher
	Interests Interests
	// TTL bounds how long an organisation's interest is cached (DefaultTTL when zero).
	TTL time.Duration
	// All passes every event on without reading anything (an EventBridge bus receives them).
	All bool
	// Now is the clock (time.Now when nil).
	Now func() time.Time

	mu    sync.Mutex
	cache map[string]entry
}

// entry is one organisation's cached interest.
type entry struct {
	endpoints []platformevent.Endpoint
	until     time.Time
}

// Publish passes on, in order, the events some endpoint of their organisation wants. When the
// interest cannot be read, the events pass on: an event is never lost to the gate, only
// delivered to no one by the platform event function.
func (g *Gate) Publish(ctx context.Context, evs ...platformevent.Event) error {
	if g.All {
		return g.Next.Publish(ctx, evs...)
	}
	kept := make([]platformevent.Event, 0, len(evs))
	for _, ev := range evs {
		if g.wanted(ctx, ev) {
			kept = append(kept, ev)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	if err := g.Next.Publish(ctx, kept...); err != nil {
		return fmt.Errorf("eventgate: %w", err)
	}
	return nil
}

// wanted reports whether some endpoint of the event's organisation wants its kind.
func (g *Gate) wanted(ctx context.Context, ev platformevent.Event) bool {
	eps, err := g.interest(ctx, ev.OrgID)
	if err != nil {
		return true
	}
	return slices.ContainsFunc(eps, func(ep platformevent.Endpoint) bool { return ep.Wants(ev.Type) })
}

// interest is the organisation's endpoints, from the cache while fresh.
func (g *Gate) interest(ctx context.Context, orgID string) ([]platformevent.Endpoint, error) {
	now := g.now()
	g.mu.Lock()
	e, ok := g.cache[orgID]
	g.mu.Unlock()
	if ok && now.Before(e.until) {
		return e.endpoints, nil
	}
	eps, err := g.Interests.EventInterest(ctx, orgID)
	if err != nil {
		return nil, err
	}
	ttl := g.TTL
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cache == nil {
		g.cache = map[string]entry{}
	}
	if len(g.cache) >= maxCached {
		g.evict(now)
	}
	g.cache[orgID] = entry{endpoints: eps, until: now.Add(ttl)}
	return eps, nil
}

// evict drops the expired entries, or every entry when none has expired; g.mu is held.
func (g *Gate) evict(now time.Time) {
	for org, e := range g.cache {
		if !now.Before(e.until) {
			delete(g.cache, org)
		}
	}
	if len(g.cache) >= maxCached {
		clear(g.cache)
	}
}

func (g *Gate) now() time.Time {
	if g.Now != nil {
		return g.Now()
	}
	return time.Now()
}
