package ratelimit

import (
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// gcraRemaining is how many more admissions the burst allows right after one that moved the
// theoretical arrival time to tatMs: those with tat + k·interval <= now + (burst-1)·interval.
func gcraRemaining(tatMs, nowMs, intervalMs int64, burst int) int {
	slack := nowMs + int64(burst-1)*intervalMs - tatMs
	if slack < 0 {
		return 0
	}
	return int(slack/intervalMs) + 1
}

// gcraAllowed is the decision after an admission that set the tat to tatMs; the limit is whole
// again at tat.
func gcraAllowed(tatMs, nowMs, intervalMs int64, burst int) messaging.RateDecision {
	return messaging.RateDecision{Allowed: true, Limit: burst, Remaining: gcraRemaining(tatMs, nowMs, intervalMs, burst), Reset: time.UnixMilli(tatMs)}
}

// gcraDenied is the decision when the tat is too far ahead: the next admission is possible
// once now + (burst-1)·interval reaches it.
func gcraDenied(tatMs, nowMs, intervalMs int64, burst int) messaging.RateDecision {
	wait := max(0, tatMs-int64(burst-1)*intervalMs-nowMs)
	return messaging.RateDecision{Limit: burst, Reset: time.UnixMilli(nowMs + wait), RetryAfter: time.Duration(wait) * time.Millisecond}
}

// gcraBurstRoom reports whether a tat that is ahead of now still leaves burst room.
func gcraBurstRoom(tatMs, nowMs, intervalMs int64, burst int) bool {
	return tatMs <= nowMs+int64(burst-1)*intervalMs
}
