package messaging

import "time"

// RateDecision is a rate limiter's or pacer's answer, with what the X-RateLimit-* and
// Retry-After headers need.
type RateDecision struct {
	Allowed   bool
	Limit     int
	Remaining int
	// Reset is when the limit is whole again (allowed) or the next admission is possible (denied).
	Reset time.Time
	// RetryAfter is how long a denied caller should wait; zero when allowed.
	RetryAfter time.Duration
}
