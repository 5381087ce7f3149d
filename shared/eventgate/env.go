package eventgate

import (
	"fmt"
	"os"
	"time"
)

// The environment the emitting functions configure their gate with.
const (
	// EnvBusName is the EventBridge bus that receives every platform event; when set, the gate
	// passes every event on.
	EnvBusName = "PLATFORM_EVENT_BUS_NAME"
	// EnvTTL overrides DefaultTTL (a Go duration, "1s"): how long a new endpoint may wait for
	// its first events.
	EnvTTL = "PLATFORM_EVENT_GATE_TTL"
)

// FromEnv returns the gate over next configured by the environment (EnvBusName, EnvTTL).
func FromEnv(next Publisher, interests Interests) (*Gate, error) {
	g := &Gate{Next: next, Interests: interests, TTL: DefaultTTL, All: os.Getenv(EnvBusName) != ""}
	if v := os.Getenv(EnvTTL); v != "" {
		ttl, err := time.ParseDuration(v)
		if err != nil || ttl <= 0 {
			return nil, fmt.Errorf("eventgate: %s=%q: want a positive duration such as 60s", EnvTTL, v)
		}
		g.TTL = ttl
	}
	return g, nil
}
