package local

import (
	"testing"
	"time"
)

// TestLatenciesSummarise: the percentiles of recorded durations are within a bucket (9%) of the
// true ones, the maximum is exact, names are kept apart and reset forgets them.
func TestLatenciesSummarise(t *testing.T) {
	l := newLatencies()
	for i := 1; i <= 1000; i++ {
		l.add("fn run", time.Duration(i)*time.Millisecond)
	}
	l.add("sqs:SendMessageBatch", 3*time.Millisecond)
	tests := []struct {
		name string
		got  time.Duration
		want time.Duration
	}{
		{"p50", l.summary()["fn run"].P50, 500 * time.Millisecond},
		{"p99", l.summary()["fn run"].P99, 990 * time.Millisecond},
		{"max", l.summary()["fn run"].Max, time.Second},
		{"other name", l.summary()["sqs:SendMessageBatch"].P99, 3 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got < tt.want || float64(tt.got) > 1.09*float64(tt.want) {
				t.Errorf("got %v, want %v (+9%%)", tt.got, tt.want)
			}
		})
	}
	if got, want := l.summary()["fn run"].Count, 1000; got != want {
		t.Errorf("count: got %d, want %d", got, want)
	}
	l.reset()
	if got := l.summary(); len(got) != 0 {
		t.Errorf("after reset: got %v, want nothing", got)
	}
}
