package scalesim

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Workload is one second of peak traffic.
type Workload struct {
	Orgs    int     // organisations, one business number each
	Sends   int     // API sends a second, over every organisation
	Inbound int     // inbound texts a second
	Skew    float64 // Zipf exponent (>1) of traffic over organisations; larger is more concentrated
	Seed    uint64
	// Statuses is how many status webhooks each send brings (sent, delivered, read).
	Statuses int
	// Latency is each function's mean run time in seconds, by logical id.
	Latency map[string]float64
}

// Scaled is w with every rate multiplied by k.
func (w Workload) Scaled(k int) Workload {
	w.Sends *= k
	w.Inbound *= k
	return w
}

// Heat is what one second of a workload put on each partition, queue, function and number.
type Heat struct {
	WCU, RCU  map[string]float64 // DynamoDB partition key (class#org) -> units
	QueueTPS  map[string]float64 // FIFO queue -> SendMessageBatch calls
	GroupTPS  map[string]float64 // busiest message group of each queue -> calls
	Invokes   map[string]float64 // function -> invocations
	NumberMPS map[string]float64 // business number -> messages asked of the provider
}

// Run replays the workload's second onto keys, queues, functions and numbers.
func Run(w Workload) Heat {
	h := Heat{WCU: map[string]float64{}, RCU: map[string]float64{}, QueueTPS: map[string]float64{},
		GroupTPS: map[string]float64{}, Invokes: map[string]float64{}, NumberMPS: map[string]float64{}}
	r := rand.New(rand.NewPCG(w.Seed, w.Seed^0x9e3779b97f4a7c15))
	zipf := rand.NewZipf(r, w.Skew, 1, uint64(w.Orgs-1))
	groups := map[string]float64{}
	for range w.Sends {
		org := fmt.Sprintf("org%03d", zipf.Uint64())
		user := fmt.Sprintf("%s-user%d", org, r.IntN(50))
		person := fmt.Sprintf("%s-p%d", org, r.IntN(5000))
		h.Invokes["ApiFunction"]++
		// Token (consistent GetItem), the user's rolling window (consistent Query of its slots +
		// one slot UpdateItem), LoadSend (settings and template under ORG#<org>).
		h.RCU["token#"+user] += readUnits
		h.RCU["window#"+user] += readUnits
		h.WCU["window#"+user] += writeUnits
		h.RCU["org#"+org] += 2 * readUnits
		// Both pacers: an admission that uses the burst allowance is 2 conditional UpdateItems.
		h.WCU["pacer-pair#"+person] += 2 * writeUnits
		h.WCU["pacer-number#"+org] += 2 * writeUnits
		// The message record (claim, sent) and the conversation with its GSI1 list entry.
		h.WCU["message#"+person] += 2 * writeUnits
		h.WCU["conversation#"+person] += writeUnits
		h.WCU["gsi1-conversations#"+org] += gsiMoveUnits
		h.NumberMPS[org]++
		// The provider's statuses come back through the webhook onto the inbound queue.
		for range w.Statuses {
			webhookEvent(&h, groups, org, person)
			h.RCU["route#"+org] += eventualReadUnits
			h.WCU["event#"+person] += writeUnits
			h.WCU["message#"+person] += writeUnits
			h.WCU["casenote#"+person] += writeUnits
		}
	}
	for range w.Inbound {
		org := fmt.Sprintf("org%03d", zipf.Uint64())
		person := fmt.Sprintf("%s-p%d", org, r.IntN(5000))
		webhookEvent(&h, groups, org, person)
		h.RCU["route#"+org] += eventualReadUnits
		h.WCU["event#"+person] += writeUnits
		h.WCU["conversation-message#"+person] += writeUnits
		h.WCU["conversation#"+person] += writeUnits
		h.WCU["gsi1-conversations#"+org] += gsiMoveUnits
	}
	for g, n := range groups {
		q, _, _ := strings.Cut(g, "#")
		h.GroupTPS[q] = max(h.GroupTPS[q], n)
	}
	return h
}

// webhookEvent is one webhook POST (one event) acknowledged by WebhookFunction onto the inbound
// FIFO queue in the conversation's group, then handled by InboundFunction.
func webhookEvent(h *Heat, groups map[string]float64, org, person string) {
	h.Invokes["WebhookFunction"]++
	h.QueueTPS["inbound"]++ // one SendMessageBatch per POST
	groups["inbound#"+org+"#"+person]++
	h.Invokes["InboundFunction"] += 0.1 // batches of up to 10
}
