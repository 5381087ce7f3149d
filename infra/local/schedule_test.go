package local

import (
	"strings"
	"testing"
	"time"
)

func TestScheduleNext(t *testing.T) {
	base := time.Date(2025, 3, 12, 10, 17, 30, 0, time.UTC) // a Wednesday
	tests := []struct {
		expr string
		want time.Time
	}{
		{"rate(5 minutes)", base.Add(5 * time.Minute)},
		{"rate(1 hour)", base.Add(time.Hour)},
		{"rate(2 days)", base.Add(48 * time.Hour)},
		{"cron(0/15 * * * ? *)", time.Date(2025, 3, 12, 10, 30, 0, 0, time.UTC)},
		{"cron(0 9 * * ? *)", time.Date(2025, 3, 13, 9, 0, 0, 0, time.UTC)},
		{"cron(30 8 ? * MON-FRI *)", time.Date(2025, 3, 13, 8, 30, 0, 0, time.UTC)},
		{"cron(0 12 ? * SUN *)", time.Date(2025, 3, 16, 12, 0, 0, 0, time.UTC)},
		{"cron(0 0 1 JAN ? 2026)", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"cron(5,45 10 12 3 ? *)", time.Date(2025, 3, 12, 10, 45, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			s, err := ParseSchedule(tc.expr, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Next(base); !got.Equal(tc.want) {
				t.Errorf("Next = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestScheduleErrors(t *testing.T) {
	tests := map[string]string{
		"rate(1 minutes)":      "singular",
		"rate(0 minutes)":      "positive",
		"rate(5 weeks)":        "unit",
		"cron(0 9 * * *)":      "6 fields",
		"cron(0 9 * * MON *)":  "must be ?",
		"cron(0 9 L * ? *)":    "not support",
		"cron(0 9 ? * 2#1 *)":  "not support",
		"cron(61 * * * ? *)":   "outside",
		"at(2025-01-01T00:00)": "not supported",
		"every day":            "want rate",
	}
	for expr, want := range tests {
		t.Run(expr, func(t *testing.T) {
			_, err := ParseSchedule(expr, nil)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want it to contain %q", err, want)
			}
		})
	}
}

func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{"rate(5 minutes)", "cron(0/15 8-17 ? * MON-FRI *)", "cron(0 0 1 JAN ? 2026)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		s, err := ParseSchedule(expr, nil)
		if err != nil {
			return
		}
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		if next := s.Next(base); !next.IsZero() && !next.After(base) {
			t.Errorf("Next(%v) = %v, not after", base, next)
		}
	})
}
