package eventgate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/proplink/chat/shared/platformevent"
)

// recorder is a Publisher that keeps what it is given.
type recorder struct{ got []platformevent.Kind }

func (r *recorder) Publish(_ context.Context, evs ...platformevent.Event) error {
	for _, ev := range evs {
		r.got = append(r.got, ev.Type)
	}
	return nil
}

// interests answers from a map of organisation to endpoints, counting reads.
type interests struct {
	by    map[string][]platformevent.Endpoint
	err   error
	reads int
}

func (in *interests) EventInterest(_ context.Context, orgID string) ([]platformevent.Endpoint, error) {
	in.reads++
	return in.by[orgID], in.err
}

func event(t *testing.T, org string, k platformevent.Kind) platformevent.Event {
	t.Helper()
	ev, err := platformevent.New(org, k, "conv1", string(k)+"#1", time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), nil)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestGatePassesOnlyWhatSomeoneWants(t *testing.T) {
	statusOnly := platformevent.Endpoint{ID: "a", Kinds: []platformevent.Kind{platformevent.KindMessageStatus}}
	every := platformevent.Endpoint{ID: "b", Kinds: []platformevent.Kind{}}
	tests := []struct {
		name      string
		endpoints []platformevent.Endpoint
		all       bool
		readErr   error
		want      []platformevent.Kind
		reads     int
	}{
		{"no endpoint: nothing", nil, false, nil, nil, 1},
		{"an endpoint for statuses: the status", []platformevent.Endpoint{statusOnly}, false, nil, []platformevent.Kind{platformevent.KindMessageStatus}, 1},
		{"an endpoint for every kind: both", []platformevent.Endpoint{statusOnly, every}, false, nil,
			[]platformevent.Kind{platformevent.KindMessageReceived, platformevent.KindMessageStatus}, 1},
		{"a bus: both, nothing read", nil, true, nil, []platformevent.Kind{platformevent.KindMessageReceived, platformevent.KindMessageStatus}, 0},
		{"unreadable interest: both (never lost)", nil, false, errors.New("throttled"),
			[]platformevent.Kind{platformevent.KindMessageReceived, platformevent.KindMessageStatus}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &interests{by: map[string][]platformevent.Endpoint{"org1": tt.endpoints}, err: tt.readErr}
			next := &recorder{}
			g := &Gate{Next: next, Interests: in, All: tt.all}
			err := g.Publish(context.Background(), event(t, "org1", platformevent.KindMessageReceived), event(t, "org1", platformevent.KindMessageStatus))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(next.got, tt.want) {
				t.Errorf("passed on: got %v, want %v", next.got, tt.want)
			}
			if in.reads != tt.reads {
				t.Errorf("interest reads: got %d, want %d", in.reads, tt.reads)
			}
		})
	}
}

func TestGateCachesPerOrganisationForTheTTL(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	in := &interests{by: map[string][]platformevent.Endpoint{}}
	next := &recorder{}
	g := &Gate{Next: next, Interests: in, TTL: time.Second, Now: func() time.Time { return now }}
	publish := func(org string) {
		t.Helper()
		if err := g.Publish(context.Background(), event(t, org, platformevent.KindMessageReceived)); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name   string
		do     func()
		reads  int
		passed int
	}{
		{"first event read", func() { publish("org1") }, 1, 0},
		{"second within the TTL cached", func() { publish("org1") }, 1, 0},
		{"another organisation read apart", func() { publish("org2") }, 2, 0},
		{"an endpoint added: still cached inside the TTL", func() {
			in.by["org1"] = []platformevent.Endpoint{{ID: "a"}}
			now = now.Add(999 * time.Millisecond)
			publish("org1")
		}, 2, 0},
		{"the TTL over: read again and passed on", func() { now = now.Add(time.Millisecond); publish("org1") }, 3, 1},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.do()
			if in.reads != st.reads || len(next.got) != st.passed {
				t.Fatalf("got %d reads and %d passed on, want %d and %d", in.reads, len(next.got), st.reads, st.passed)
			}
		})
	}
}

func TestGateCacheIsBounded(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	g := &Gate{Next: &recorder{}, Interests: &interests{}, Now: func() time.Time { return now }}
	for i := range maxCached + 10 {
		if _, err := g.interest(context.Background(), fmt.Sprint("org", i)); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(g.cache); got > maxCached {
		t.Fatalf("cached organisations: got %d, want at most %d", got, maxCached)
	}
}

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		bus     string
		ttl     string
		wantAll bool
		wantTTL time.Duration
		wantErr bool
	}{
		{"defaults", "", "", false, DefaultTTL, false},
		{"a bus passes everything", "proplink-events", "", true, DefaultTTL, false},
		{"a TTL for tests", "", "1s", false, time.Second, false},
		{"an unreadable TTL", "", "soon", false, 0, true},
		{"a zero TTL", "", "0s", false, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvBusName, tt.bus)
			t.Setenv(EnvTTL, tt.ttl)
			g, err := FromEnv(&recorder{}, &interests{})
			if (err != nil) != tt.wantErr {
				t.Fatalf("error: got %v, want error %v", err, tt.wantErr)
			}
			if err == nil && (g.All != tt.wantAll || g.TTL != tt.wantTTL) {
				t.Fatalf("got All=%v TTL=%v, want %v %v", g.All, g.TTL, tt.wantAll, tt.wantTTL)
			}
		})
	}
}
