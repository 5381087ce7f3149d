//go:build integration

package ratelimit

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// hammer runs n concurrent Allow calls at now and returns how many were admitted.
func hammer(t *testing.T, w *Window, key string, n int, now time.Time) (int, []messaging.RateDecision) {
	t.Helper()
	var admitted atomic.Int64
	var mu sync.Mutex
	var denied []messaging.RateDecision
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			d, err := w.Allow(context.Background(), key, now)
			if err != nil {
				t.Errorf("Allow: %v", err)
				return
			}
			if d.Allowed {
				admitted.Add(1)
				return
			}
			mu.Lock()
			denied = append(denied, d)
			mu.Unlock()
		})
	}
	wg.Wait()
	return int(admitted.Load()), denied
}

func TestWindowExactUnderConcurrency(t *testing.T) {
	db, table := newTable(t)
	w := NewWindow(db, table, 20, time.Minute)
	key := "ORG#o1#RL#SEND#u1"
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	steps := []struct {
		name      string
		at        time.Time
		want      int
		wantRetry time.Duration
	}{
		{"64 callers at t0", t0, 20, 60 * time.Second},
		{"30 s later", t0.Add(30 * time.Second), 0, 30 * time.Second},
		{"61 s later", t0.Add(61 * time.Second), 20, 60 * time.Second},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			got, denied := hammer(t, w, key, 64, st.at)
			if got != st.want {
				t.Fatalf("admitted %d, want exactly %d", got, st.want)
			}
			for _, d := range denied {
				if d.RetryAfter != st.wantRetry || d.Remaining != 0 || d.Limit != 20 {
					t.Fatalf("denied decision %+v, want RetryAfter %v, Remaining 0, Limit 20", d, st.wantRetry)
				}
			}
		})
	}
}

func TestWindowRolls(t *testing.T) {
	db, table := newTable(t)
	w := NewWindow(db, table, 20, time.Minute)
	key := "ORG#o1#RL#SEND#u2"
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	admit := func(n int, at time.Time, remainingBefore int) {
		t.Helper()
		for i := range n {
			d, err := w.Allow(ctx, key, at)
			if err != nil || !d.Allowed {
				t.Fatalf("admission %d at %v: %+v, %v", i, at, d, err)
			}
			if want := remainingBefore - 1 - i; d.Remaining != want {
				t.Fatalf("remaining after admission %d at %v = %d, want %d", i, at, d.Remaining, want)
			}
		}
	}
	admit(10, t0, 20)
	admit(10, t0.Add(30*time.Second), 10)
	d, err := w.Allow(ctx, key, t0.Add(31*time.Second))
	if err != nil || d.Allowed {
		t.Fatalf("21st admission inside the window: %+v, %v", d, err)
	}
	if d.RetryAfter != 29*time.Second || !d.Reset.Equal(t0.Add(60*time.Second)) {
		t.Errorf("denied: RetryAfter %v Reset %v, want 29s and t0+60s", d.RetryAfter, d.Reset)
	}
	got, denied := hammer(t, w, key, 32, t0.Add(61*time.Second))
	if got != 10 {
		t.Fatalf("admitted %d at t0+61s, want exactly 10 (the t0 ones have left the window, the t0+30s ones have not)", got)
	}
	for _, d := range denied {
		if d.RetryAfter != 29*time.Second {
			t.Fatalf("denied RetryAfter %v, want 29s (until t0+90s)", d.RetryAfter)
		}
	}
}

func BenchmarkWindowAllow(b *testing.B) {
	db, table := newTable(b)
	w := NewWindow(db, table, 20, time.Minute)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		// A fresh moment each time keeps every call an admission after the first 20.
		if _, err := w.Allow(ctx, "ORG#o1#RL#bench", now.Add(time.Duration(i)*3*time.Second)); err != nil {
			b.Fatal(err)
		}
	}
}
