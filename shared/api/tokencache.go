package api

import (
	"context"
	"crypto/sha256"
	"sync"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// TokenCacheTTL is how long an API instance trusts a token it has authenticated without reading
// its record again: the longest a revoked (or just expired) token may still be accepted, by an
// instance that accepted it within that time (README, "API token cache").
const TokenCacheTTL = 15 * time.Second

// maxCachedTokens bounds an instance's cache; a full cache drops what has expired, then all.
const maxCachedTokens = 10_000

// TokenCache is a Store whose Authenticate remembers each principal it found, per instance, for
// TTL; a refusal is never remembered, so a token minted a
// moment ago works at once. Tokens are kept by their SHA-256, never in the clear.
type TokenCache struct {
	Store
	TTL time.Duration

	mu      sync.Mutex
	entries map[[sha256.Size]byte]cachedPrincipal
}

// cachedPrincipal is a remembered authentication and when it must be read again.
type cachedPrincipal struct {
	p     messaging.Principal
	until time.Time
}

// CacheTokens wraps s so that token lookups are remembered for ttl.
func CacheTokens(s Store, ttl time.Duration) *TokenCache {
	return &TokenCache{Store: s, TTL: ttl, entries: map[[sha256.Size]byte]cachedPrincipal{}}
}

// Authenticate answers from the cache while the entry is fresh, else from the store.
func (c *TokenCache) Authenticate(ctx context.Context, token string, now time.Time) (messaging.Principal, error) {
	k := sha256.Sum256([]byte(token))
	c.mu.Lock()
	e, ok := c.entries[k]
	c.mu.Unlock()
	if ok && now.Before(e.until) {
		return e.p, nil
	}
	p, err := c.Store.Authenticate(ctx, token, now)
	if err != nil {
		c.mu.Lock()
		delete(c.entries, k)
		c.mu.Unlock()
		return p, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCachedTokens {
		for key, old := range c.entries {
			if !now.Before(old.until) {
				delete(c.entries, key)
			}
		}
		if len(c.entries) >= maxCachedTokens {
			clear(c.entries)
		}
	}
	c.entries[k] = cachedPrincipal{p: p, until: now.Add(c.TTL)}
	return p, nil
}
