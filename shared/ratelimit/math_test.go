package ratelimit

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/messaging"
)

func TestSlotSK(t *testing.T) {
	tests := []struct {
		i, limit int
		want     string
	}{
		{0, 20, "SLOT#00"}, {19, 20, "SLOT#19"}, {5, 5, "SLOT#05"}, {7, 101, "SLOT#007"}, {100, 101, "SLOT#100"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := slotSK(tt.i, tt.limit)
			if got != tt.want {
				t.Errorf("slotSK(%d, %d) = %q, want %q", tt.i, tt.limit, got, tt.want)
			}
			if i, ok := parseSlotSK(got); !ok || i != tt.i {
				t.Errorf("parseSlotSK(%q) = %d, %v; want %d", got, i, ok, tt.i)
			}
		})
	}
	for _, bad := range []string{"", "SLOT#", "SLOT#x", "PACER", "SLOT#-1"} {
		if _, ok := parseSlotSK(bad); ok {
			t.Errorf("parseSlotSK(%q) ok, want not", bad)
		}
	}
}

func TestFreeSlots(t *testing.T) {
	const period = 60_000
	tests := []struct {
		name       string
		limit      int
		used       map[int]int64
		now        int64
		wantFree   []int
		wantOldest int64
	}{
		{"empty", 3, nil, 100_000, []int{0, 1, 2}, 0},
		{"all live", 2, map[int]int64{0: 50_000, 1: 70_000}, 100_000, nil, 50_000},
		{"exactly one period ago is free", 2, map[int]int64{0: 40_000, 1: 70_000}, 100_000, []int{0}, 70_000},
		{"just inside the period is live", 2, map[int]int64{0: 40_001, 1: 70_000}, 100_000, nil, 40_001},
		{"stray slot beyond the limit ignored", 1, map[int]int64{5: 99_000}, 100_000, []int{0}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			free, oldest := freeSlots(tt.limit, tt.used, tt.now, period)
			if diff := cmp.Diff(tt.wantFree, free); diff != "" {
				t.Errorf("free (-want +got):\n%s", diff)
			}
			if oldest != tt.wantOldest {
				t.Errorf("oldest = %d, want %d", oldest, tt.wantOldest)
			}
		})
	}
}

func TestWindowDecisions(t *testing.T) {
	const period = 60_000
	tests := []struct {
		name string
		got  messaging.RateDecision
		want messaging.RateDecision
	}{
		{"allowed, first use", windowAllowed(20, 19, 0, 1_000, period),
			messaging.RateDecision{Allowed: true, Limit: 20, Remaining: 19, Reset: time.UnixMilli(61_000)}},
		{"allowed, older use resets first", windowAllowed(20, 4, 500, 1_000, period),
			messaging.RateDecision{Allowed: true, Limit: 20, Remaining: 4, Reset: time.UnixMilli(60_500)}},
		{"denied waits for the oldest", windowDenied(20, 0, 30_000, period),
			messaging.RateDecision{Limit: 20, Reset: time.UnixMilli(60_000), RetryAfter: 30 * time.Second}},
		{"denied never negative", windowDenied(20, 0, 70_000, period),
			messaging.RateDecision{Limit: 20, Reset: time.UnixMilli(70_000)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("decision (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGCRA(t *testing.T) {
	const i = 6_000
	tests := []struct {
		name string
		got  messaging.RateDecision
		want messaging.RateDecision
	}{
		{"idle key, burst 3", gcraAllowed(10_000+i, 10_000, i, 3),
			messaging.RateDecision{Allowed: true, Limit: 3, Remaining: 2, Reset: time.UnixMilli(16_000)}},
		{"second of burst 3", gcraAllowed(10_000+2*i, 10_000, i, 3),
			messaging.RateDecision{Allowed: true, Limit: 3, Remaining: 1, Reset: time.UnixMilli(22_000)}},
		{"burst used up", gcraAllowed(10_000+3*i, 10_000, i, 3),
			messaging.RateDecision{Allowed: true, Limit: 3, Remaining: 0, Reset: time.UnixMilli(28_000)}},
		{"burst 1 paces", gcraAllowed(10_000+i, 10_000, i, 1),
			messaging.RateDecision{Allowed: true, Limit: 1, Remaining: 0, Reset: time.UnixMilli(16_000)}},
		{"denied until tat-(burst-1)i", gcraDenied(10_000+3*i, 10_000, i, 3),
			messaging.RateDecision{Limit: 3, Reset: time.UnixMilli(16_000), RetryAfter: 6 * time.Second}},
		{"denied burst 1", gcraDenied(14_000, 10_000, i, 1),
			messaging.RateDecision{Limit: 1, Reset: time.UnixMilli(14_000), RetryAfter: 4 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("decision (-want +got):\n%s", diff)
			}
		})
	}
	room := []struct {
		tat   int64
		burst int
		want  bool
	}{{10_000 + 2*i, 3, true}, {10_000 + 2*i + 1, 3, false}, {10_001, 1, false}, {10_000, 1, true}}
	for _, r := range room {
		if got := gcraBurstRoom(r.tat, 10_000, i, r.burst); got != r.want {
			t.Errorf("gcraBurstRoom(tat %d, burst %d) = %v, want %v", r.tat, r.burst, got, r.want)
		}
	}
}

func FuzzParseSlotSK(f *testing.F) {
	f.Add("SLOT#00")
	f.Add("SLOT#-1")
	f.Add("SLOT#+5")
	f.Fuzz(func(t *testing.T, sk string) {
		i, ok := parseSlotSK(sk)
		if !ok {
			return
		}
		width := len(sk) - len(slotPrefix)
		if back := fmt.Sprintf("%s%0*d", slotPrefix, width, i); back != sk {
			t.Errorf("parseSlotSK(%q) = %d, true; but slot %d at width %d is %q", sk, i, i, width, back)
		}
	})
}
