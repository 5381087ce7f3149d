package reminders

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

func mustLoad(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func TestQuietHoursContains(t *testing.T) {
	london := mustLoad(t, "Europe/London")
	at := func(h, m int) time.Time { return time.Date(2026, 6, 10, h, m, 0, 0, london) }
	tests := []struct {
		name  string
		quiet QuietHours
		local time.Time
		want  bool
	}{
		{"overnight 20:59 allowed", DefaultQuietHours(), at(20, 59), false},
		{"overnight 21:00 quiet", DefaultQuietHours(), at(21, 0), true},
		{"overnight 23:59 quiet", DefaultQuietHours(), at(23, 59), true},
		{"overnight 00:00 quiet", DefaultQuietHours(), at(0, 0), true},
		{"overnight 07:59 quiet", DefaultQuietHours(), at(7, 59), true},
		{"overnight 08:00 allowed", DefaultQuietHours(), at(8, 0), false},
		{"overnight noon allowed", DefaultQuietHours(), at(12, 0), false},
		{"same-day 11:59 allowed", QuietHours{Start: 12 * 60, End: 14 * 60}, at(11, 59), false},
		{"same-day 12:00 quiet", QuietHours{Start: 12 * 60, End: 14 * 60}, at(12, 0), true},
		{"same-day 13:59 quiet", QuietHours{Start: 12 * 60, End: 14 * 60}, at(13, 59), true},
		{"same-day 14:00 allowed", QuietHours{Start: 12 * 60, End: 14 * 60}, at(14, 0), false},
		{"empty window never quiet", QuietHours{Start: 9 * 60, End: 9 * 60}, at(9, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.quiet.Contains(tt.local); got != tt.want {
				t.Errorf("%v.Contains(%s) = %v, want %v", tt.quiet, tt.local.Format("15:04"), got, tt.want)
			}
		})
	}
}

func TestQuietHoursNextAllowed(t *testing.T) {
	london := mustLoad(t, "Europe/London")
	ny := mustLoad(t, "America/New_York")
	utc := func(mo time.Month, d, h, m int) time.Time { return time.Date(2026, mo, d, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		quiet QuietHours
		t     time.Time
		loc   *time.Location
		want  time.Time
	}{
		{"allowed is unchanged", DefaultQuietHours(), utc(6, 10, 12, 0), london, utc(6, 10, 12, 0)},
		{"20:59 BST unchanged", DefaultQuietHours(), utc(6, 10, 19, 59), london, utc(6, 10, 19, 59)},
		{"21:00 BST to 08:00 BST next day", DefaultQuietHours(), utc(6, 10, 20, 0), london, utc(6, 11, 7, 0)},
		{"07:59 BST to 08:00 BST", DefaultQuietHours(), utc(6, 10, 6, 59), london, utc(6, 10, 7, 0)},
		{"08:00 BST unchanged", DefaultQuietHours(), utc(6, 10, 7, 0), london, utc(6, 10, 7, 0)},
		{"spring-forward night: 00:30 GMT to 08:00 BST", DefaultQuietHours(), utc(3, 29, 0, 30), london, utc(3, 29, 7, 0)},
		{"evening before spring-forward: 22:00 GMT to 08:00 BST", DefaultQuietHours(), utc(3, 28, 22, 0), london, utc(3, 29, 7, 0)},
		{"fall-back night: 01:30 BST (first) to 08:00 GMT", DefaultQuietHours(), utc(10, 25, 0, 30), london, utc(10, 25, 8, 0)},
		{"fall-back night: 01:30 GMT (second) to 08:00 GMT", DefaultQuietHours(), utc(10, 25, 1, 30), london, utc(10, 25, 8, 0)},
		{"evening before fall-back: 21:00 BST to 08:00 GMT", DefaultQuietHours(), utc(10, 24, 20, 0), london, utc(10, 25, 8, 0)},
		{"end in the spring-forward gap resolves after it", QuietHours{Start: 21 * 60, End: 1*60 + 30}, utc(3, 29, 0, 30), london, utc(3, 29, 1, 30)},
		{"New York spring-forward: 01:00 EST to 08:00 EDT", DefaultQuietHours(), utc(3, 8, 6, 0), ny, utc(3, 8, 12, 0)},
		{"same-day window 12:30 to 14:00", QuietHours{Start: 12 * 60, End: 14 * 60}, utc(6, 10, 11, 30), london, utc(6, 10, 13, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.quiet.NextAllowed(tt.t, tt.loc)
			if !got.Equal(tt.want) {
				t.Errorf("NextAllowed(%s) = %s, want %s", tt.t.In(tt.loc), got.In(tt.loc), tt.want.In(tt.loc))
			}
			if tt.quiet.Contains(got.In(tt.loc)) {
				t.Errorf("NextAllowed(%s) = %s, inside quiet hours", tt.t, got.In(tt.loc))
			}
		})
	}
}

func TestParseQuietHours(t *testing.T) {
	tests := []struct {
		in      string
		want    QuietHours
		wantErr bool
	}{
		{"21:00-08:00", DefaultQuietHours(), false},
		{"12:30-14:15", QuietHours{Start: 750, End: 855}, false},
		{"00:00-00:00", QuietHours{}, false},
		{"24:00-08:00", QuietHours{}, true},
		{"21:60-08:00", QuietHours{}, true},
		{"21:00 08:00", QuietHours{}, true},
		{"9:00-08:00", QuietHours{}, true},
		{"-1:00-08:00", QuietHours{}, true},
		{"", QuietHours{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseQuietHours(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseQuietHours(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParseQuietHours(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

// settingsFunc is a Settings from a func.
type settingsFunc func(orgID string) (messaging.Settings, error)

func (f settingsFunc) GetSettings(_ context.Context, orgID string) (messaging.Settings, error) {
	return f(orgID)
}

func TestOrgQuietHours(t *testing.T) {
	stored := func(setting string) settingsFunc {
		return func(org string) (messaging.Settings, error) {
			return messaging.Settings{OrgID: org, PhoneNumberID: "123", QuietHours: setting}, nil
		}
	}
	failing := func(err error) settingsFunc {
		return func(string) (messaging.Settings, error) { return messaging.Settings{}, err }
	}
	tests := []struct {
		name     string
		settings settingsFunc
		want     QuietHours
		wantErr  bool
	}{
		{"no settings", failing(messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)), DefaultQuietHours(), false},
		{"settings without quiet hours", stored(""), DefaultQuietHours(), false},
		{"none", stored("00:00-00:00"), QuietHours{}, false},
		{"custom", stored("22:30-07:15"), QuietHours{Start: 22*60 + 30, End: 7*60 + 15}, false},
		{"unreadable falls back", stored("late"), DefaultQuietHours(), false},
		{"read fails", failing(errors.New("throttled")), QuietHours{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := OrgQuietHours(context.Background(), tt.settings, "o1")
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func FuzzParseQuietHours(f *testing.F) {
	for _, s := range []string{"21:00-08:00", "12:00-14:00", "00:00-23:59", "99:99-99:99", "ab:cd-ef:gh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuietHours(s)
		if err != nil {
			return
		}
		if err := q.Validate(); err != nil {
			t.Fatalf("ParseQuietHours(%q) = %+v, invalid: %v", s, q, err)
		}
		if got := q.String(); got != s {
			t.Fatalf("ParseQuietHours(%q).String() = %q, want the input back", s, got)
		}
	})
}
