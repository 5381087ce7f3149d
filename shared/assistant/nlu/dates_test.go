package nlu

import (
	"testing"
	"time"
)

// thursday is Thursday 14 May 2026, 09:00 in London (BST).
var thursday = time.Date(2026, 5, 14, 8, 0, 0, 0, time.UTC)

func TestFindDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		now  time.Time
		want string // "" when no date
	}{
		{name: "today", in: "today", now: thursday, want: "2026-05-14"},
		{name: "tomorrow", in: "back tomorrow", now: thursday, want: "2026-05-15"},
		{name: "yesterday", in: "paid yesterday", now: thursday, want: "2026-05-13"},
		{name: "weekday ahead", in: "monday", now: thursday, want: "2026-05-18"},
		{name: "same weekday is today", in: "thursday", now: thursday, want: "2026-05-14"},
		{name: "next same weekday", in: "next thursday", now: thursday, want: "2026-05-21"},
		{name: "next tuesday", in: "next tuesday", now: thursday, want: "2026-05-19"},
		{name: "ordinal day month", in: "3rd June", now: thursday, want: "2026-06-03"},
		{name: "day of month", in: "the 21st of march", now: thursday, want: "2026-03-21"},
		{name: "month day", in: "March 3rd", now: thursday, want: "2026-03-03"},
		{name: "with year", in: "3 March 2027", now: thursday, want: "2027-03-03"},
		{name: "nearest year", in: "2nd january", now: time.Date(2026, 12, 20, 12, 0, 0, 0, time.UTC), want: "2027-01-02"},
		{name: "iso", in: "2026-03-03", now: thursday, want: "2026-03-03"},
		{name: "uk numeric", in: "4/3/2026", now: thursday, want: "2026-03-04"},
		{name: "two-digit year", in: "04.03.26", now: thursday, want: "2026-03-04"},
		{name: "no 31st of june", in: "31st june", now: thursday},
		{name: "mixed separators", in: "2026-03/03", now: thursday},
		{name: "nothing", in: "flat 3 riverside", now: thursday},
		{name: "london midnight after UTC", in: "today", now: time.Date(2026, 5, 14, 23, 30, 0, 0, time.UTC), want: "2026-05-15"},
		{name: "winter time", in: "tomorrow", now: time.Date(2026, 1, 31, 23, 30, 0, 0, time.UTC), want: "2026-02-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			low, toks := lowToks(tt.in)
			s, _ := findDate(low, toks, tt.now)
			if s.value != tt.want {
				t.Errorf("findDate(%q) = %q, want %q", tt.in, s.value, tt.want)
			}
		})
	}
}

func TestFindPeriod(t *testing.T) {
	tests := []struct {
		name string
		in   string
		now  time.Time
		want string
	}{
		{name: "this month", in: "spend this month", now: thursday, want: "2026-05"},
		{name: "last month", in: "last month", now: thursday, want: "2026-04"},
		{name: "last month in january", in: "last month", now: time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC), want: "2025-12"},
		{name: "next month in december", in: "next month", now: time.Date(2026, 12, 10, 12, 0, 0, 0, time.UTC), want: "2027-01"},
		{name: "earlier month this year", in: "in march", now: thursday, want: "2026-03"},
		{name: "later month is last year", in: "september", now: thursday, want: "2025-09"},
		{name: "month and year", in: "march 2026", now: thursday, want: "2026-03"},
		{name: "iso month", in: "2026-02", now: thursday, want: "2026-02"},
		{name: "abbreviation", in: "feb", now: thursday, want: "2026-02"},
		{name: "may as a verb", in: "may I ask", now: thursday},
		{name: "in may", in: "spend in may", now: thursday, want: "2026-05"},
		{name: "this month at the london month boundary", in: "this month", now: time.Date(2026, 5, 31, 23, 30, 0, 0, time.UTC), want: "2026-06"},
		{name: "none", in: "spend at riverside", now: thursday},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			low, toks := lowToks(tt.in)
			s, _ := findPeriod(low, toks, span{}, tt.now)
			if s.value != tt.want {
				t.Errorf("findPeriod(%q) = %q, want %q", tt.in, s.value, tt.want)
			}
		})
	}
}
