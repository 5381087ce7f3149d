//go:build integration

package dynamo

import (
	"context"
	"testing"
	"time"

	"github.com/proplink/chat/shared/platformevent"
)

func TestEventInterestFollowsTheEndpoints(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	status := platformevent.Endpoint{ID: "01JEPA", OrgID: "orgI", URL: "https://platform.example/a", SecretRev: "r",
		Kinds: []platformevent.Kind{platformevent.KindMessageStatus}, CreatedAt: at}
	every := platformevent.Endpoint{ID: "01JEPB", OrgID: "orgI", URL: "https://platform.example/b", SecretRev: "r", CreatedAt: at}
	wants := func(t *testing.T, org string) (received, st bool, n int) {
		t.Helper()
		eps, err := s.EventInterest(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		for _, ep := range eps {
			received = received || ep.Wants(platformevent.KindMessageReceived)
			st = st || ep.Wants(platformevent.KindMessageStatus)
		}
		return received, st, len(eps)
	}
	steps := []struct {
		name           string
		do             func() error
		received, stat bool
		endpoints      int
	}{
		{"no endpoint yet", func() error { return nil }, false, false, 0},
		{"an endpoint for statuses", func() error { return s.PutEndpoint(ctx, status) }, false, true, 1},
		{"a repeated put changes nothing", func() error { _ = s.PutEndpoint(ctx, status); return nil }, false, true, 1},
		{"an endpoint for every kind", func() error { return s.PutEndpoint(ctx, every) }, true, true, 2},
		{"the every-kind endpoint deleted", func() error { return s.DeleteEndpoint(ctx, "orgI", every.ID) }, false, true, 1},
		{"another organisation's delete leaves it", func() error { _ = s.DeleteEndpoint(ctx, "orgJ", status.ID); return nil }, false, true, 1},
		{"the last endpoint deleted", func() error { return s.DeleteEndpoint(ctx, "orgI", status.ID) }, false, false, 0},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			received, stat, n := wants(t, "orgI")
			if received != st.received || stat != st.stat || n != st.endpoints {
				t.Fatalf("got received=%v status=%v endpoints=%d, want %v %v %d", received, stat, n, st.received, st.stat, st.endpoints)
			}
			if r, s2, n := wants(t, "orgJ"); r || s2 || n != 0 {
				t.Fatalf("orgJ: got received=%v status=%v endpoints=%d, want nothing", r, s2, n)
			}
		})
	}
}
