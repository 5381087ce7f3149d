package api

import (
	"context"
	"sync"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

// memEvents is the event endpoints and delivery logs in memory, by organisation and id.
type memEvents struct {
	mu       sync.Mutex
	eps      map[string]platformevent.Endpoint // org/id → endpoint
	order    []string
	attempts map[string][]platformevent.Attempt // org/endpoint → attempts, oldest first
}

func newMemEvents() *memEvents {
	return &memEvents{eps: map[string]platformevent.Endpoint{}, attempts: map[string][]platformevent.Attempt{}}
}

func (m *memEvents) ListEndpoints(_ context.Context, orgID string) ([]platformevent.Endpoint, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []platformevent.Endpoint{}
	for _, k := range m.order {
		if ep, ok := m.eps[k]; ok && ep.OrgID == orgID {
			out = append(out, ep)
		}
	}
	return out, nil
}

func (m *memEvents) GetEndpoint(_ context.Context, orgID, id string) (platformevent.Endpoint, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ep, ok := m.eps[orgID+"/"+id]
	if !ok {
		return platformevent.Endpoint{}, messaging.Errorf(messaging.CodeNotFound, "Event endpoint not found")
	}
	return ep, nil
}

func (m *memEvents) PutEndpoint(_ context.Context, ep platformevent.Endpoint) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := ep.OrgID + "/" + ep.ID
	if _, ok := m.eps[k]; ok {
		return messaging.Errorf(messaging.CodeConflict, "exists")
	}
	m.eps[k] = ep
	m.order = append(m.order, k)
	return nil
}

func (m *memEvents) RotateEndpointSecret(_ context.Context, orgID, id, oldRev, rev string, now, prevUntil time.Time) (platformevent.Endpoint, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ep, ok := m.eps[orgID+"/"+id]
	if !ok {
		return platformevent.Endpoint{}, messaging.Errorf(messaging.CodeNotFound, "Event endpoint not found")
	}
	if ep.SecretRev != oldRev {
		return platformevent.Endpoint{}, messaging.Errorf(messaging.CodeConflict, "rotated meanwhile")
	}
	ep.PrevSecretRev, ep.SecretRev, ep.PrevSecretUntil, ep.RotatedAt = oldRev, rev, prevUntil, now
	m.eps[orgID+"/"+id] = ep
	return ep, nil
}

func (m *memEvents) DeleteEndpoint(_ context.Context, orgID, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.eps[orgID+"/"+id]; !ok {
		return messaging.Errorf(messaging.CodeNotFound, "Event endpoint not found")
	}
	delete(m.eps, orgID+"/"+id)
	return nil
}

func (m *memEvents) ListAttempts(_ context.Context, orgID, endpointID string, limit, offset int) ([]platformevent.Attempt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	all := m.attempts[orgID+"/"+endpointID]
	out := []platformevent.Attempt{}
	for i := len(all) - 1 - offset; i >= 0 && len(out) < limit; i-- {
		out = append(out, all[i])
	}
	return out, nil
}
