package scalesim

import "testing"

func TestRunCountsEveryEvent(t *testing.T) {
	w := Workload{Orgs: 20, Sends: 10, Inbound: 5, Skew: 1.3, Seed: 1, Statuses: 3}
	h := Run(w)
	if got, want := h.QueueTPS["inbound"], 35.0; got != want {
		t.Errorf("inbound queue calls: got %v, want %v (10 sends x 3 statuses + 5 texts)", got, want)
	}
	total := 0.0
	for _, n := range h.NumberMPS {
		total += n
	}
	if got, want := total, 10.0; got != want {
		t.Errorf("messages asked of the provider: got %v, want %v", got, want)
	}
}

func TestHottest(t *testing.T) {
	// One organisation takes everything: its number's pacer item takes 2 writes per send.
	w := Workload{Orgs: 2, Sends: 600, Skew: 50, Seed: 1, Statuses: 3, Latency: map[string]float64{"ApiFunction": 0.5}}
	tests := []struct {
		kind, key string
		load      float64
		over      bool
	}{
		{"DynamoDB write", "pacer-number", 1200, true},
		{"DynamoDB read", "route", 900, false},
		{"FIFO queue", "inbound SendMessageBatch", 1800, true},
		{"Lambda", "account concurrency", 300, false},
		{"provider", "busiest number", 600, true},
	}
	hot := Hottest(w, Run(w))
	for _, tt := range tests {
		t.Run(tt.kind+" "+tt.key, func(t *testing.T) {
			for _, h := range hot {
				if h.Kind != tt.kind || h.Key != tt.key {
					continue
				}
				if h.Load != tt.load || (h.Share() > 1) != tt.over {
					t.Errorf("got load %v (%.0f%% of %v), want %v, over the limit %v", h.Load, 100*h.Share(), h.Limit, tt.load, tt.over)
				}
				return
			}
			t.Errorf("no %s %s in %+v", tt.kind, tt.key, hot)
		})
	}
}
