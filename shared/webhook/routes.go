package webhook

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// maxCachedRoutes bounds the route cache; when full it starts over.
const maxCachedRoutes = 10000

// routeCache remembers which organisation owns an id (or that none does) for a while, so a warm
// container answers webhooks without a database call.
type routeCache struct {
	lookup func(ctx context.Context, id string) (string, error)
	ttl    time.Duration
	now    func() time.Time

	mu      sync.Mutex
	entries map[string]route
}

type route struct {
	org     string // "" when no organisation owns the id
	expires time.Time
}

func newRouteCache(lookup func(ctx context.Context, id string) (string, error), ttl time.Duration, now func() time.Time) *routeCache {
	return &routeCache{lookup: lookup, ttl: ttl, now: now, entries: map[string]route{}}
}

// org returns the organisation owning id, or "" when none does; err is a failed lookup.
func (c *routeCache) org(ctx context.Context, id string) (string, error) {
	now := c.now()
	c.mu.Lock()
	r, ok := c.entries[id]
	c.mu.Unlock()
	if ok && now.Before(r.expires) {
		return r.org, nil
	}
	org, err := c.lookup(ctx, id)
	ttl := c.ttl
	switch {
	case messaging.ErrorCode(err) == messaging.CodeNotFound:
		org, ttl = "", c.ttl/5
	case err != nil:
		return "", fmt.Errorf("webhook: route %s: %w", id, err)
	}
	c.mu.Lock()
	if len(c.entries) >= maxCachedRoutes {
		c.entries = map[string]route{}
	}
	c.entries[id] = route{org: org, expires: now.Add(ttl)}
	c.mu.Unlock()
	return org, nil
}
