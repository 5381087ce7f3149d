package property

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// balancePlatform answers Balance with a fixed amount (other methods are not called).
type balancePlatform struct {
	Platform
	pence int64
}

func (b balancePlatform) Balance(_ context.Context, _, unitID string) (Balance, error) {
	return Balance{UnitID: unitID, Pence: b.pence}, nil
}

func TestRoutedGoesToEachOrganisationsPlatform(t *testing.T) {
	urls := map[string]string{"acme": "https://platform.acme.example", "demo": ""}
	r := Routed{Platforms{
		Settings: func(_ context.Context, org string) (messaging.Settings, error) {
			u, ok := urls[org]
			if !ok {
				return messaging.Settings{}, errors.New("settings unreadable")
			}
			return messaging.Settings{OrgID: org, PlatformURL: u}, nil
		},
		HTTP:    func(context.Context, messaging.Settings) (Platform, error) { return balancePlatform{pence: 200}, nil },
		BuiltIn: balancePlatform{pence: 100},
	}}
	for _, tc := range []struct {
		name, org string
		want      int64
		wantErr   bool
	}{
		{"built-in store", "demo", 100, false},
		{"own platform over HTTP", "acme", 200, false},
		{"no platform chosen", "other", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := r.Balance(context.Background(), tc.org, "u1")
			if (err != nil) != tc.wantErr || b.Pence != tc.want {
				t.Errorf("got %d, %v; want %d, error %v", b.Pence, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestCachedSettings(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	reads := 0
	fail := false
	get := CachedSettings(func(_ context.Context, org string) (messaging.Settings, error) {
		reads++
		if fail {
			return messaging.Settings{}, errors.New("throttled")
		}
		return messaging.Settings{OrgID: org}, nil
	}, time.Minute, func() time.Time { return now })
	ctx := context.Background()
	for _, step := range []struct {
		name      string
		advance   time.Duration
		fail      bool
		wantReads int
		wantErr   bool
	}{
		{"first read", 0, false, 1, false},
		{"within the ttl", 30 * time.Second, false, 1, false},
		{"after the ttl", 31 * time.Second, false, 2, false},
		{"a failed read is not kept", 2 * time.Minute, true, 3, true},
		{"so the next one reads again", 0, false, 4, false},
	} {
		now, fail = now.Add(step.advance), step.fail
		_, err := get(ctx, "demo")
		if reads != step.wantReads || (err != nil) != step.wantErr {
			t.Errorf("%s: got %d reads, error %v; want %d reads, error %v", step.name, reads, err, step.wantReads, step.wantErr)
		}
	}
}
