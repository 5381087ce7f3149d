package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// claimState names a send claim's answer, for messages.
func claimState(c messaging.SendClaim) string {
	switch {
	case c.Acquired:
		return "acquired"
	case c.Sent:
		return "sent " + c.WAMID
	case c.Failed:
		return "failed"
	case c.Unknown:
		return "unknown until " + c.Until.UTC().Format(time.RFC3339)
	case c.Busy:
		return "busy"
	}
	return "none"
}

// step is one write to a send record, then the claim expected at a time.
type step struct {
	do    func(ctx context.Context, s Store) error
	at    time.Duration // when the claim is tried, after t0
	want  string
	tries int // attempts counted, when want is "acquired"
}

func runSteps(t *testing.T, s Store, steps []step) {
	t.Helper()
	ctx := context.Background()
	for i, st := range steps {
		if st.do != nil {
			must(t, st.do(ctx, s))
		}
		if st.want == "" {
			continue
		}
		c, err := s.ClaimSend(ctx, "o1", "m1", t0.Add(st.at), time.Minute)
		must(t, err)
		if got := claimState(c); got != st.want {
			t.Errorf("step %d: claim = %s, want %s", i, got, st.want)
		}
		if st.want == "acquired" && c.Attempts != st.tries {
			t.Errorf("step %d: attempts = %d, want %d", i, c.Attempts, st.tries)
		}
	}
}

func released(ctx context.Context, s Store) error { return s.ReleaseSend(ctx, "o1", "m1", "503") }
func sent(ctx context.Context, s Store) error     { return s.RecordSent(ctx, "o1", "m1", "wamid.A", t0) }
func failed(ctx context.Context, s Store) error   { return s.RecordFailed(ctx, "o1", "m1", "131026") }
func unknown(ctx context.Context, s Store) error {
	return s.RecordUnknown(ctx, "o1", "m1", "timeout", t0, t0.Add(10*time.Minute))
}
func resolved(ctx context.Context, s Store) error {
	return s.ResolveSend(ctx, "o1", "m1", "wamid.LATE", t0.Add(time.Minute))
}

func sendClaims(t *testing.T, open func(t *testing.T) Store) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"one claim at a time", []step{{want: "acquired"}, {at: 30 * time.Second, want: "busy"}}},
		{"an expired lease is taken over", []step{{want: "acquired"}, {at: 61 * time.Second, want: "acquired"}}},
		{"a released claim is taken again, one attempt counted", []step{{want: "acquired"}, {do: released, want: "acquired", tries: 1}}},
		{"sent is never claimed again", []step{{want: "acquired"}, {do: sent, at: time.Hour, want: "sent wamid.A"}}},
		{"failed is never claimed again", []step{{want: "acquired"}, {do: failed, at: time.Hour, want: "failed"}}},
		{"failed does not undo sent", []step{{want: "acquired"}, {do: sent}, {do: failed, want: "sent wamid.A"}}},
		{"release does not undo sent", []step{{want: "acquired"}, {do: sent}, {do: released, want: "sent wamid.A"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { runSteps(t, open(t), tt.steps) })
	}
}

func unknownSends(t *testing.T, open func(t *testing.T) Store) {
	until := "unknown until " + t0.Add(10*time.Minute).Format(time.RFC3339)
	tests := []struct {
		name  string
		steps []step
	}{
		{"unknown waits for its status", []step{{want: "acquired"}, {do: unknown, at: 5 * time.Minute, want: until}}},
		{"after the wait it may be sent again", []step{{want: "acquired"}, {do: unknown, at: 11 * time.Minute, want: "acquired", tries: 1}}},
		{"a status settles it as sent", []step{{want: "acquired"}, {do: unknown}, {do: resolved, at: 11 * time.Minute, want: "sent wamid.LATE"}}},
		{"a status may come before the record", []step{{do: resolved, want: "sent wamid.LATE"}}},
		{"a status leaves a failure alone", []step{{want: "acquired"}, {do: failed}, {do: resolved, want: "failed"}}},
		{"a status leaves the first wamid", []step{{want: "acquired"}, {do: sent}, {do: resolved, want: "sent wamid.A"}}},
		{"unknown does not undo sent", []step{{want: "acquired"}, {do: sent}, {do: unknown, want: "sent wamid.A"}}},
		{"unknown does not undo failed", []step{{want: "acquired"}, {do: failed}, {do: unknown, want: "failed"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { runSteps(t, open(t), tt.steps) })
	}
}

func eventClaims(t *testing.T, s Store) {
	ctx := context.Background()
	claim := func(sec int) string {
		t.Helper()
		c, err := s.ClaimEvent(ctx, "o1", "status:wamid.S1:read", t0.Add(time.Duration(sec)*time.Second), time.Minute)
		must(t, err)
		switch {
		case c.Acquired:
			return "acquired"
		case c.Done:
			return "done"
		case c.Busy:
			return "busy"
		}
		return "none"
	}
	steps := []struct {
		name string
		do   func() error
		at   int
		want string
	}{
		{"first claim", nil, 0, "acquired"},
		{"held by the first", nil, 10, "busy"},
		{"lease over", nil, 61, "acquired"},
		{"released", func() error { return s.ReleaseEvent(ctx, "o1", "status:wamid.S1:read") }, 62, "acquired"},
		{"completed", func() error { return s.CompleteEvent(ctx, "o1", "status:wamid.S1:read", t0) }, 200, "done"},
		{"a release does not undo done", func() error { return s.ReleaseEvent(ctx, "o1", "status:wamid.S1:read") }, 300, "done"},
	}
	for _, st := range steps {
		if st.do != nil {
			must(t, st.do())
		}
		if got := claim(st.at); got != st.want {
			t.Errorf("%s: claim = %s, want %s", st.name, got, st.want)
		}
	}
	if c, err := s.ClaimEvent(ctx, "o2", "status:wamid.S1:read", t0, time.Minute); err != nil || !c.Acquired {
		t.Errorf("another organisation's event: got %+v, %v; want acquired", c, err)
	}
}
