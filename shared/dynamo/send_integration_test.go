//go:build integration

package dynamo

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
)

func TestClaimSendLifecycle(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	lease := 30 * time.Second
	claim := func(msg string, at time.Time) messaging.SendClaim {
		t.Helper()
		c, err := s.ClaimSend(ctx, "o1", msg, at, lease)
		if err != nil {
			t.Fatalf("ClaimSend(%s): %v", msg, err)
		}
		return c
	}
	steps := []struct {
		name string
		do   func() messaging.SendClaim
		want messaging.SendClaim
	}{
		{"first claim acquires", func() messaging.SendClaim { return claim("m1", t0) }, messaging.SendClaim{Acquired: true}},
		{"live lease is busy", func() messaging.SendClaim { return claim("m1", t0.Add(10*time.Second)) }, messaging.SendClaim{Busy: true}},
		{"expired lease is re-acquired", func() messaging.SendClaim { return claim("m1", t0.Add(lease)) }, messaging.SendClaim{Acquired: true}},
		{"released goes back to pending", func() messaging.SendClaim {
			if err := s.ReleaseSend(ctx, "o1", "m1", "provider 503"); err != nil {
				t.Fatal(err)
			}
			return claim("m1", t0.Add(lease+time.Second))
		}, messaging.SendClaim{Acquired: true, Attempts: 1}},
		{"sent reports the WAMID", func() messaging.SendClaim {
			if err := s.RecordSent(ctx, "o1", "m1", "wamid.ABC", t0.Add(lease+2*time.Second)); err != nil {
				t.Fatal(err)
			}
			return claim("m1", t0.Add(time.Hour))
		}, messaging.SendClaim{Sent: true, WAMID: "wamid.ABC", Attempts: 1}},
		{"release after sent keeps it sent", func() messaging.SendClaim {
			if err := s.ReleaseSend(ctx, "o1", "m1", "late"); err != nil {
				t.Fatal(err)
			}
			if err := s.RecordFailed(ctx, "o1", "m1", "late"); err != nil {
				t.Fatal(err)
			}
			return claim("m1", t0.Add(time.Hour))
		}, messaging.SendClaim{Sent: true, WAMID: "wamid.ABC", Attempts: 1}},
		{"failed is final", func() messaging.SendClaim {
			claim("m2", t0)
			if err := s.RecordFailed(ctx, "o1", "m2", "131026 undeliverable"); err != nil {
				t.Fatal(err)
			}
			return claim("m2", t0.Add(time.Hour))
		}, messaging.SendClaim{Failed: true, Attempts: 1}},
		{"another org's message id is its own", func() messaging.SendClaim {
			c, err := s.ClaimSend(ctx, "o2", "m1", t0, lease)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}, messaging.SendClaim{Acquired: true}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if diff := cmp.Diff(st.want, st.do()); diff != "" {
				t.Errorf("claim (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnknownSendLifecycle(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	lease, wait := 30*time.Second, 5*time.Minute
	claim := func(msg string, at time.Time) messaging.SendClaim {
		t.Helper()
		c, err := s.ClaimSend(ctx, "o1", msg, at, lease)
		if err != nil {
			t.Fatalf("ClaimSend(%s): %v", msg, err)
		}
		return c
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name string
		do   func() messaging.SendClaim
		want messaging.SendClaim
	}{
		{"an unknown send waits for its status", func() messaging.SendClaim {
			claim("m1", t0)
			must(s.RecordUnknown(ctx, "o1", "m1", "timed out", t0, t0.Add(wait)))
			return claim("m1", t0.Add(wait-time.Second))
		}, messaging.SendClaim{Unknown: true, Until: t0.Add(wait), Attempts: 1}},
		{"a status resolves it: never sent again", func() messaging.SendClaim {
			must(s.ResolveSend(ctx, "o1", "m1", "wamid.LATE", t0.Add(time.Minute)))
			return claim("m1", t0.Add(time.Hour))
		}, messaging.SendClaim{Sent: true, WAMID: "wamid.LATE", Attempts: 1}},
		{"with no status it is claimed again once the wait is over", func() messaging.SendClaim {
			claim("m2", t0)
			must(s.RecordUnknown(ctx, "o1", "m2", "timed out", t0, t0.Add(wait)))
			return claim("m2", t0.Add(wait))
		}, messaging.SendClaim{Acquired: true, Attempts: 1}},
		{"a status before the unknown is recorded wins", func() messaging.SendClaim {
			must(s.ResolveSend(ctx, "o1", "m3", "wamid.FAST", t0))
			must(s.RecordUnknown(ctx, "o1", "m3", "timed out", t0, t0.Add(wait)))
			return claim("m3", t0.Add(time.Second))
		}, messaging.SendClaim{Sent: true, WAMID: "wamid.FAST"}},
		{"a status never revives a failed message", func() messaging.SendClaim {
			claim("m4", t0)
			must(s.RecordFailed(ctx, "o1", "m4", "131026"))
			must(s.ResolveSend(ctx, "o1", "m4", "wamid.X", t0))
			return claim("m4", t0.Add(time.Hour))
		}, messaging.SendClaim{Failed: true, Attempts: 1}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if diff := cmp.Diff(st.want, st.do()); diff != "" {
				t.Errorf("claim (-want +got):\n%s", diff)
			}
		})
	}
}
