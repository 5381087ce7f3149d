package local

import (
	"context"
	"testing"
	"time"
)

// TestPollersDoNotGrowWhileTheAPIIsBusy: a source below its limit adds a poller while the HTTP
// API runs under apiBusyRate, and none from 200 ms into a burst at that rate until the burst
// has been over for a second.
func TestPollersDoNotGrowWhileTheAPIIsBusy(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the pollers grow starts return at once
	t0 := time.Now().Truncate(time.Second)
	gap := time.Second / apiBusyRate
	tests := []struct {
		name     string
		requests int           // API requests from t0, gap apart (at apiBusyRate)
		spread   time.Duration // or, when set, this far apart
		after    time.Duration // when grow is called, after t0
		want     int           // pollers running afterwards
	}{
		{"quiet API", apiBusyRate - 1, 2 * gap, 1900 * time.Millisecond, 2},
		{"200 ms into a burst", apiBusyRate / 5, 0, apiBusyRate / 5 * gap, 1},
		{"end of a one-second burst", apiBusyRate, 0, time.Second, 1},
		{"a second after the burst", apiBusyRate, 0, 2 * time.Second, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Stack{}
			step := gap
			if tt.spread > 0 {
				step = tt.spread
			}
			for i := range tt.requests {
				s.api.add(t0.Add(time.Duration(i) * step))
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
