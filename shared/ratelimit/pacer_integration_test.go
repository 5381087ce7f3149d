//go:build integration

package ratelimit

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestPacerBurstThenPace(t *testing.T) {
	db, table := newTable(t)
	p := NewPacer(db, table, 6*time.Second, 3)
	key := "ORG#o1#PAIR#111#447700900123"
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	steps := []struct {
		name      string
		at        time.Duration
		allowed   bool
		remaining int
		retry     time.Duration
	}{
		{"burst 1", 0, true, 2, 0},
		{"burst 2", 0, true, 1, 0},
		{"burst 3", 0, true, 0, 0},
		{"over burst", 0, false, 0, 6 * time.Second},
		{"still early", 5 * time.Second, false, 0, time.Second},
		{"one interval later", 6 * time.Second, true, 0, 0},
		{"paced again", 7 * time.Second, false, 0, 5 * time.Second},
		{"idle long enough refills", 60 * time.Second, true, 2, 0},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			d, err := p.Reserve(context.Background(), key, t0.Add(st.at))
			if err != nil {
				t.Fatal(err)
			}
			if d.Allowed != st.allowed || d.Remaining != st.remaining || d.RetryAfter != st.retry {
				t.Errorf("got allowed %v remaining %d retry %v, want %v %d %v", d.Allowed, d.Remaining, d.RetryAfter, st.allowed, st.remaining, st.retry)
			}
		})
	}
}

func TestPacerConcurrentNeverExceedsBudget(t *testing.T) {
	db, table := newTable(t)
	const burst = 3
	interval := 2 * time.Second
	p := NewPacer(db, table, interval, burst)
	key := "ORG#o1#PAIR#111#447700900124"
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	total := 0
	for step := range 10 {
		elapsed := time.Duration(step) * 700 * time.Millisecond
		var admitted atomic.Int64
		var wg sync.WaitGroup
		for range 16 {
			wg.Go(func() {
				d, err := p.Reserve(context.Background(), key, t0.Add(elapsed))
				if err != nil {
					t.Errorf("Reserve: %v", err)
				}
				if d.Allowed {
					admitted.Add(1)
				}
			})
		}
		wg.Wait()
		total += int(admitted.Load())
		budget := burst + int(elapsed/interval)
		if total > budget {
			t.Fatalf("after %v: %d admitted, budget burst+elapsed/interval = %d", elapsed, total, budget)
		}
		if step == 0 && total != burst {
			t.Fatalf("first moment admitted %d, want the burst %d", total, burst)
		}
	}
}

func BenchmarkPacerReserve(b *testing.B) {
	db, table := newTable(b)
	p := NewPacer(db, table, 6*time.Second, 3)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		if _, err := p.Reserve(ctx, "ORG#o1#PAIR#bench", now.Add(time.Duration(i)*time.Second)); err != nil {
			b.Fatal(err)
		}
	}
}
