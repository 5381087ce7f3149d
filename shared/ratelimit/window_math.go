package ratelimit

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// slotPrefix starts the sort key of a window's slots.
const slotPrefix = "SLOT#"

// slotSK names slot i of a window of limit slots, zero-padded to at least two digits.
func slotSK(i, limit int) string {
	width := max(2, len(strconv.Itoa(limit-1)))
	return fmt.Sprintf("%s%0*d", slotPrefix, width, i)
}

// claimName is the attribute holding the token of the claim that last took slot i.
func claimName(i, limit int) string {
	return "CLAIM#" + strings.TrimPrefix(slotSK(i, limit), slotPrefix)
}

// parseSlotSK returns the index of a slot sort key.
func parseSlotSK(sk string) (int, bool) {
	rest, ok := strings.CutPrefix(sk, slotPrefix)
	if !ok {
		return 0, false
	}
	if rest == "" || len(rest) > 9 || strings.Trim(rest, "0123456789") != "" {
		return 0, false
	}
	i, err := strconv.Atoi(rest)
	return i, err == nil
}

// freeSlots returns the slots of a window that may be claimed at nowMs — absent, or last used
// at or before nowMs-periodMs — and the oldest use among the others (0 when none is live).
func freeSlots(limit int, usedAt map[int]int64, nowMs, periodMs int64) (free []int, oldestLive int64) {
	cutoff := nowMs - periodMs
	for i := range limit {
		u, ok := usedAt[i]
		if !ok || u <= cutoff {
			free = append(free, i)
			continue
		}
		if oldestLive == 0 || u < oldestLive {
			oldestLive = u
		}
	}
	return free, oldestLive
}

// windowAllowed is the decision after a claim at nowMs; oldestLive is the oldest other live use
// (0 when none) and remaining the free slots left.
func windowAllowed(limit, remaining int, oldestLive, nowMs, periodMs int64) messaging.RateDecision {
	first := nowMs
	if oldestLive != 0 && oldestLive < first {
		first = oldestLive
	}
	return messaging.RateDecision{Allowed: true, Limit: limit, Remaining: max(0, remaining), Reset: time.UnixMilli(first + periodMs)}
}

// windowDenied is the decision when every slot is live: the oldest use frees its slot at
// oldestLive+periodMs.
func windowDenied(limit int, oldestLive, nowMs, periodMs int64) messaging.RateDecision {
	at := max(oldestLive+periodMs, nowMs)
	return messaging.RateDecision{Limit: limit, Reset: time.UnixMilli(at), RetryAfter: time.Duration(at-nowMs) * time.Millisecond}
}
