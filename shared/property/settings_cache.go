package property

import (
	"context"
	"sync"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// CachedSettings is Platforms.Settings that reads each organisation's settings at most once
// per ttl (one turn asks its platform several times; a changed platform URL takes effect
// within ttl). Failed reads are not kept. Safe for concurrent use.
func CachedSettings(get func(ctx context.Context, orgID string) (messaging.Settings, error), ttl time.Duration, now func() time.Time) func(context.Context, string) (messaging.Settings, error) {
	type entry struct {
		st messaging.Settings
		at time.Time
	}
	var mu sync.Mutex
	cache := map[string]entry{}
	return func(ctx context.Context, orgID string) (messaging.Settings, error) {
		t := now()
		mu.Lock()
		e, ok := cache[orgID]
		mu.Unlock()
		if ok && t.Sub(e.at) < ttl {
			return e.st, nil
		}
		st, err := get(ctx, orgID)
		if err != nil {
			return messaging.Settings{}, err
		}
		mu.Lock()
		cache[orgID] = entry{st, t}
		mu.Unlock()
		return st, nil
	}
}
