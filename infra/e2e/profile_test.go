//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/idempotency"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/ratelimit"
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp/providers"
)

// BenchmarkSendPathInProcess runs ApiFunction's send handler in this process, wired as
// functions/api/main.go wires it (the providers' Mux), against the stack's moto and the
// simulator, so that `-cpuprofile` shows where the product's own CPU goes on a send (moto's time
// is not in it): for the demo organisation (Meta) and for an organisation of each provider
// (Meta, 360dialog, Twilio, connected through the settings API). It reports the AWS requests
// each send made, in-process and by the functions it fed (the case note), as aws-requests/op.
func BenchmarkSendPathInProcess(b *testing.B) {
	cfg := e.stack.AWSConfig()
	db, sq := ddb.NewFromConfig(cfg), sqsq.NewClient(cfg, func(string) string { return "" })
	table := e.stack.Resource("Table")
	store := dynamo.New(db, table)
	secrets := ssm.New(cfg, "/proplink/"+lambdaenv.LocalStage, 5*time.Minute)
	deps := sending.Deps{
		Store: store, Provider: providers.New(cfg, lambdaenv.LocalStage, "v21.0", 8*time.Second), Secrets: secrets, Reach: store,
		PairPacer: dynamo.PairPacer{Pacer: ratelimit.NewPacer(db, table, sending.PairInterval, sending.PairBurst)},
		NumPacer:  ratelimit.NewPacer(db, table, sending.NumberInterval, sending.NumberBurst),
		Outbound:  sqsq.New(sq, e.stack.Resource("OutboundQueue")), CaseNotes: sqsq.New(sq, e.stack.Resource("CaseNoteQueue")),
		Metrics: obs.NewMetrics(io.Discard, "api"), Now: time.Now, NewID: func() string { return ulid.Make().String() },
		Sent: store,
	}
	a := &api.API{Store: api.CacheTokens(store, api.TokenCacheTTL), Secrets: secrets, Now: time.Now, Conversations: store,
		Send:        &sending.Service{Deps: deps, Limit: ratelimit.NewWindow(db, table, 20, time.Minute)},
		Idempotency: idempotency.New(db, table, 24*time.Hour, time.Minute)}
	orgs := []struct {
		name string
		org  func() (string, func(phone string) string)
	}{
		{"demo", func() (string, func(string) string) {
			return e.demo.OrgID, func(phone string) string { return sendBody(e.demo.JobID, phone, 1) }
		}},
	}
	for _, pc := range providerCases() {
		orgs = append(orgs, struct {
			name string
			org  func() (string, func(phone string) string)
		}{pc.provider, func() (string, func(string) string) {
			po := connectProvider(b, pc)
			return po.org, po.sendBody
		}})
	}
	e.sim.SetWebhookURL("")
	defer e.sim.SetWebhookURL(e.stack.APIURL() + "/webhooks/meta")
	ctx := obs.WithLogger(context.Background(), obs.NewLogger(io.Discard, "bench"))
	for _, o := range orgs {
		org, body := o.org()
		b.Run(o.name, func(b *testing.B) {
			// The per-user limit is 20 a minute, as deployed: a new user every 20 sends.
			tokens := make([]string, b.N/20+1)
			for i := range tokens {
				tokens[i] = mint(b, org, messaging.PermWhatsAppSend)
			}
			before := allCounts()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				req := api.Request{RouteKey: "ANY /api/whatsapp/send", Body: body(newPhone()),
					Headers: map[string]string{"authorization": "Bearer " + tokens[i/20], "content-type": "application/json"}}
				req.RequestContext.HTTP.Method = "POST"
				resp, err := a.Handle(ctx, req)
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Fatalf("send %d: %v %d %s", i, err, resp.StatusCode, resp.Body)
				}
			}
			b.StopTimer()
			idle, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := e.stack.Idle(idle); err != nil {
				b.Fatal(err)
			}
			n := 0
			for op, c := range allCounts() {
				if op != "sqs:ReceiveMessage" {
					n += c - before[op]
				}
			}
			b.ReportMetric(float64(n)/float64(b.N), "aws-requests/op")
			fmt.Printf("in-process send (%s): %.1f ms each, %.1f AWS requests each (without ReceiveMessage)\n",
				o.name, float64(b.Elapsed().Milliseconds())/float64(b.N), float64(n)/float64(b.N))
		})
	}
}

// allCounts sums every AWS request made so far, by the functions and in this process, by
// operation.
func allCounts() map[string]int {
	sum := map[string]int{}
	for _, ops := range e.stack.CountsByFunction() {
		for op, n := range ops {
			sum[op] += n
		}
	}
	return sum
}

// List prices (us-east-1) the send's cost is figured at, beside assistant_figures_test's.
const (
	priceAPIGateway  = 1.00 / 1e6 // HTTP API, per request (first 300 million a month)
	priceSQSStandard = 0.40 / 1e6 // per 64 KB chunk of a request
	sendBatchKeys    = 4          // the send's BatchGetItem: settings, job, template, suppression
	sendBatchWrites  = 2          // the send's BatchWriteItem (KeepSent): the note's sent record, the conversation message
)

// TestSendRequestFigures sends 20 template messages one after another as one user (the per-user
// limit), through the HTTP API, and counts the AWS requests every function made for them
// (case notes included, wherever they are written), with the cost per million sends at list
// prices. The platform events the case notes set off (their queue and PlatformEventsFunction)
// are counted apart: they go once events are gated on an endpoint, which the demo organisation
// lacks. What it counts: every request ApiFunction made from the first send's arrival to the
// last one's answer and anything they set off (the stack's two warm ApiFunction instances take
// the sends in turn), divided by 20. A send makes 5 (1 BatchGetItem, the window's and both
// pacers' UpdateItems, KeepSent's BatchWriteItem); above that, each of the two instances reads
// the token, the organisation's event interest and the provider secret once (0.3 a send over
// 20 sends, less over more) and its window and pacers may guess once wrong where the other
// instance moved them (0.05-0.3: the window's random slot pick meets the other instance's
// last claim about 2.6 times in 20). It keeps the count at most 5.7 (issue 14's goal is 6;
// 5.2-5.5 measured).
func TestSendRequestFigures(t *testing.T) {
	const n = 20
	token := mint(t, e.demo.OrgID, messaging.PermWhatsAppSend)
	settle(t)
	calls, events, offset := functionCalls(), eventCalls(), logSize(t)
	for i := range n {
		if st := post(token, sendBody(1050, newPhone(), 1)); st != http.StatusOK {
			t.Fatalf("send %d: got %d, want 200", i, st)
		}
	}
	settle(t)
	c, ev := since2(calls), sinceEvents(eventCalls(), events)
	for k, v := range ev {
		if c[k] -= v; c[k] <= 0 {
			delete(c, k)
		}
	}
	runs := lambdaTimes(t, offset)
	evRuns := runs[platformEventsFunction]
	delete(runs, platformEventsFunction)
	total, evTotal := 0, 0
	for _, v := range c {
		total += v
	}
	for _, v := range ev {
		evTotal += v
	}
	perSend := float64(total) / n
	t.Logf("%d sends: %.2f AWS requests a send; %s", n, perSend, describeSends(c, runs, n))
	t.Logf("platform events apart: %.2f AWS requests a send (%v), %d PlatformEventsFunction runs", float64(evTotal)/n, ev, evRuns.count)
	if perSend > 5.7 {
		t.Errorf("%.2f AWS requests a send (%v), want at most 5.7", perSend, c)
	}
}

// platformEventsFunction is the function that delivers platform events.
const platformEventsFunction = "PlatformEventsFunction"

// eventCalls counts, keyed as functionCalls, the requests made so far for platform events: the
// messages put on their queue and everything PlatformEventsFunction did.
func eventCalls() map[string]int {
	out := map[string]int{}
	for fn, calls := range e.stack.CallsByFunction() {
		for c, n := range calls {
			if fn == local.TestCaller || (fn != platformEventsFunction && !strings.Contains(c.Resource, "PlatformEvent")) {
				continue
			}
			op := c.Operation
			if c.Action != "" && c.Action != c.Operation {
				op += "/" + strings.TrimPrefix(c.Action, "dynamodb:")
			}
			out[fn+" "+op] += n
		}
	}
	return out
}

// sinceEvents is what eventCalls counted after before.
func sinceEvents(now, before map[string]int) map[string]int {
	d := map[string]int{}
	for k, n := range now {
		if n > before[k] {
			d[k] = n - before[k]
		}
	}
	return d
}

// describeSends figures the requests and Lambda time of n sends per send, and their cost per
// million sends: API Gateway, Lambda requests and GB-s (as the local runner timed them: an
// overestimate on a loaded machine), SQS (each SQS-triggered invocation adds its poller's
// ReceiveMessage and DeleteMessage), DynamoDB on demand (items under 1 KB: a strongly
// consistent GetItem or a Query page 1 RRU, the BatchGetItem's items 0.5 RRU each, a write
// 1 WRU, the BatchWriteItem's items 1 WRU each, a transaction's item 2 WRU).
func describeSends(calls map[string]int, runs map[string]lambdaRun, n int) string {
	var rru, wru, sqs float64
	var ops []string
	for k, v := range calls {
		ops = append(ops, fmt.Sprintf("%s=%.2f", k, float64(v)/float64(n)))
		_, op, _ := strings.Cut(k, " ")
		switch {
		case strings.HasPrefix(op, "dynamodb:TransactWriteItems"):
			wru += 2 * float64(v)
		case strings.HasPrefix(op, "dynamodb:BatchGetItem"):
			rru += 0.5 * sendBatchKeys * float64(v)
		case strings.HasPrefix(op, "dynamodb:BatchWriteItem"):
			wru += sendBatchWrites * float64(v)
		case op == "dynamodb:GetItem" || op == "dynamodb:Query":
			rru += float64(v)
		case strings.HasPrefix(op, "dynamodb:"):
			wru += float64(v)
		case strings.HasPrefix(op, "sqs:"):
			sqs += float64(v)
		}
	}
	sort.Strings(ops)
	invocations, gbs := 0, 0.0
	var fns []string
	for fn, r := range runs {
		invocations += r.count
		sqs += 2 * float64(r.sqs)
		gbs += lambdaMemoryGB * r.took.Seconds()
		fns = append(fns, fmt.Sprintf("%s %d×, %v", fn, r.count, r.took.Round(time.Millisecond)))
	}
	sort.Strings(fns)
	per := 1 / float64(n)
	cost := priceAPIGateway + per*(float64(invocations)*priceLambdaRequest+gbs*priceLambdaGBs+sqs*priceSQSStandard+rru*priceDynamoRead+wru*priceDynamoWrite)
	noDuration := cost - per*gbs*priceLambdaGBs
	return fmt.Sprintf("per send: %s; Lambda: %s; %.2f RRU, %.2f WRU, %.2f SQS requests, %.4f GB-s → $%.2f per million sends ($%.2f without Lambda duration)",
		strings.Join(ops, " "), strings.Join(fns, "; "), rru*per, wru*per, sqs*per, gbs*per, cost*1e6, noDuration*1e6)
}
