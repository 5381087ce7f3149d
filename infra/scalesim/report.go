package scalesim

import (
	"sort"
	"strings"
)

// Hot is one partition, queue, function pool or number and how close it runs to its limit.
type Hot struct {
	Kind  string  // "DynamoDB write", "DynamoDB read", "FIFO queue", "FIFO group", "Lambda", "provider"
	Key   string  // the key class (org and person ids dropped) or resource
	Load  float64 // units, calls, concurrent executions or messages a second
	Limit float64
}

// Share is Load as a fraction of Limit.
func (h Hot) Share() float64 { return h.Load / h.Limit }

// Hottest lists, for each kind of key or resource, its hottest instance, busiest first.
func Hottest(w Workload, h Heat) []Hot {
	var out []Hot
	out = append(out, hottestByClass("DynamoDB write", h.WCU, PartitionWCU)...)
	out = append(out, hottestByClass("DynamoDB read", h.RCU, PartitionRCU)...)
	for q, n := range h.QueueTPS {
		out = append(out, Hot{Kind: "FIFO queue", Key: q + " SendMessageBatch", Load: n, Limit: FifoTPS})
	}
	for q, n := range h.GroupTPS {
		out = append(out, Hot{Kind: "FIFO group", Key: q + " busiest group", Load: n, Limit: FifoTPS})
	}
	conc := 0.0
	for fn, n := range h.Invokes {
		conc += n * w.Latency[fn]
	}
	out = append(out, Hot{Kind: "Lambda", Key: "account concurrency", Load: conc, Limit: AccountConcurrency})
	busiest := 0.0
	for _, n := range h.NumberMPS {
		busiest = max(busiest, n)
	}
	out = append(out, Hot{Kind: "provider", Key: "busiest number", Load: busiest, Limit: ProviderMPS})
	sort.Slice(out, func(i, j int) bool { return out[i].Share() > out[j].Share() })
	return out
}

// hottestByClass keeps the hottest key of each class (the part before '#').
func hottestByClass(kind string, units map[string]float64, limit float64) []Hot {
	top := map[string]float64{}
	for k, v := range units {
		class, _, _ := strings.Cut(k, "#")
		top[class] = max(top[class], v)
	}
	var out []Hot
	for class, v := range top {
		out = append(out, Hot{Kind: kind, Key: class, Load: v, Limit: limit})
	}
	return out
}
