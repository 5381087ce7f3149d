package webhook

import (
	"context"
	"fmt"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/proplink/chat/shared/messaging"
)

// maxCachedRoutes bounds the route cache; when full, the least recently used entry goes.
const maxCachedRoutes = 10000

// routeCache remembers which organisation owns an id (or that none does) for a while, so a warm
// container answers webhooks without a database call.
type routeCache struct {
	lookup  func(ctx context.Context, id string) (messaging.Route, error)
	ttl     time.Duration
	now     func() time.Time
	entries *lru.Cache[string, cachedRoute] // safe for concurrent use
}

type cachedRoute struct {
	route   messaging.Route // zero when no organisation owns the id
	expires time.Time
}

func newRouteCache(lookup func(ctx context.Context, id string) (messaging.Route, error), ttl time.Duration, now func() time.Time, size int) *routeCache {
	entries, err := lru.New[string, cachedRoute](size)
	if err != nil {
		panic(fmt.Sprintf("webhook: route cache of %d entries: %v", size, err)) // size is a positive constant
	}
	return &routeCache{lookup: lookup, ttl: ttl, now: now, entries: entries}
}

// route returns the route of id, the zero Route when nobody owns it; err is a failed lookup.
func (c *routeCache) route(ctx context.Context, id string) (messaging.Route, error) {
	now := c.now()
	if e, ok := c.entries.Get(id); ok && now.Before(e.expires) {
		return e.route, nil
	}
	r, err := c.lookup(ctx, id)
	ttl := c.ttl
	switch {
	case messaging.ErrorCode(err) == messaging.CodeNotFound:
		r, ttl = messaging.Route{}, c.ttl/5
	case err != nil:
		return messaging.Route{}, fmt.Errorf("webhook: route %s: %w", id, err)
	}
	c.entries.Add(id, cachedRoute{route: r, expires: now.Add(ttl)})
	return r, nil
}
