package sending

import "time"

// WhatsApp's limits the send path paces itself to, so that the provider rarely has to refuse.
const (
	// PairInterval and PairBurst: about one message every 6 s to one person, with the short
	// bursts Meta allows.
	PairInterval = 6 * time.Second
	PairBurst    = 5
	// NumberInterval and NumberBurst: a business number's default throughput, 80 messages a
	// second.
	NumberInterval = time.Second / 80
	NumberBurst    = 80
)
