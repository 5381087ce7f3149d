// Command scalesim prints, for today's assumed peak and 10x and 100x of it, the hottest
// DynamoDB partition of each key class, the FIFO queue and group call rates, Lambda's account
// concurrency and the busiest provider number, each against its limit (docs/scaling.md).
package main

import (
	"flag"
	"fmt"

	"github.com/proplink/chat/infra/scalesim"
)

func main() {
	w := scalesim.Workload{Statuses: 3, Seed: 14,
		Latency: map[string]float64{"ApiFunction": 0.15, "WebhookFunction": 0.02, "InboundFunction": 0.3}}
	flag.IntVar(&w.Orgs, "orgs", 50, "organisations, one business number each")
	flag.IntVar(&w.Sends, "sends", 10, "today's peak API sends a second")
	flag.IntVar(&w.Inbound, "inbound", 5, "today's peak inbound texts a second")
	flag.Float64Var(&w.Skew, "skew", 1.3, "Zipf exponent of traffic over organisations")
	flag.Parse()
	fmt.Printf("workload: %d organisations, peak %d sends/s (x%d statuses) and %d inbound texts/s, Zipf %.1f\n\n",
		w.Orgs, w.Sends, w.Statuses, w.Inbound, w.Skew)
	fmt.Println("| load | limit | key or resource | load/s | limit/s | share |")
	fmt.Println("| --- | --- | --- | ---: | ---: | ---: |")
	for _, k := range []int{1, 10, 100} {
		for _, h := range scalesim.Hottest(w, scalesim.Run(w.Scaled(k))) {
			if h.Share() < 0.05 {
				continue
			}
			mark := ""
			if h.Share() > 1 {
				mark = " **over**"
			}
			fmt.Printf("| %dx | %s | %s | %.0f | %.0f | %.0f%%%s |\n", k, h.Kind, h.Key, h.Load, h.Limit, 100*h.Share(), mark)
		}
	}
}
