package idempotency

import "testing"

func TestStateString(t *testing.T) {
	tests := map[State]string{Claimed: "claimed", Replay: "replay", InProgress: "in_progress", Mismatch: "mismatch", 0: "State(0)"}
	for s, want := range tests {
		if got := s.String(); got != want {
			t.Errorf("State(%d).String() = %q, want %q", int(s), got, want)
		}
	}
}
