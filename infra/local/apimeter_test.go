package local

import (
	"context"
	"testing"
	"time"
)

// TestPollersDoNotGrowWhileTheAPIIsBusy: a source below its limit adds a poller while the HTTP
// API takes fewer than apiBusyRate requests a second, and none while it takes more, until the
// rate has been under it for a whole second.
func TestPollersDoNotGrowWhileTheAPIIsBusy(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the pollers grow starts return at once
	t0 := time.Now().Truncate(time.Second)
	tests := []struct {
		name     string
		requests int           // API requests in the second starting at t0
		after    time.Duration // when grow is called, after t0
		want     int           // pollers running afterwards
	}{
		{"quiet API", apiBusyRate - 1, 900 * time.Millisecond, 2},
		{"busy API, same second", apiBusyRate, 900 * time.Millisecond, 1},
		{"busy API, next second", apiBusyRate, 1500 * time.Millisecond, 1},
		{"busy API, a second later", apiBusyRate, 2500 * time.Millisecond, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Stack{}
			for i := range tt.requests {
				s.api.add(t0.Add(time.Duration(i) * time.Millisecond))
			}
			g := &pollers{s: s, min: 1, limit: 5, running: 1}
			g.growAt(ctx, t0.Add(tt.after))
			s.wg.Wait()
			if got, _ := g.size(); got != tt.want {
				t.Errorf("pollers: got %d, want %d", got, tt.want)
			}
		})
	}
}
