//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/infra/simulator"
)

// us-east-1 list prices used for the cost per turn (arm64 Lambda, SQS FIFO, DynamoDB
// on-demand), in dollars.
const (
	priceLambdaRequest = 0.20 / 1e6
	priceLambdaGBs     = 0.0000133334
	priceSQSFIFO       = 0.50 / 1e6
	priceDynamoRead    = 0.125 / 1e6 // per read request unit
	priceDynamoWrite   = 0.625 / 1e6 // per write request unit
	lambdaMemoryGB     = 0.25        // MemorySize 256 in the template's Globals
)

// TestAssistantLatencyFigures logs p50/p99 from the inbound webhook POST to the assistant's
// reply reaching the simulator, over 50 turns of 25 residents (two turns each, inside the
// pair pacing's burst, so the figure is the path's, not the pacer's).
func TestAssistantLatencyFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("a measurement: make bench runs it")
	}
	var took []time.Duration
	for i := 0; i < 25; i++ {
		r := newResident(t)
		for _, text := range []string{"When is my next service charge due?", "how do I pay?"} {
			before := len(sentTo(r.phone))
			start := time.Now()
			if _, err := e.sim.Inject(context.Background(), simulator.Inbound{From: r.phone, ProfileName: r.name, Text: text}); err != nil {
				t.Fatal(err)
			}
			deadline := start.Add(30 * time.Second)
			for len(sentTo(r.phone)) == before {
				if time.Now().After(deadline) {
					t.Fatalf("no reply to %q within 30s", text)
				}
				time.Sleep(2 * time.Millisecond)
			}
			took = append(took, time.Since(start))
		}
	}
	slices.Sort(took)
	pct := func(p float64) time.Duration { return took[int(p*float64(len(took)-1)+0.5)] }
	t.Logf("assistant reply latency, webhook POST → reply at the simulator, %d turns on the local stack: p50 %s, p99 %s, max %s",
		len(took), pct(0.50).Round(time.Millisecond), pct(0.99).Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond))
}

// TestAssistantRequestFigures logs, for one turn of each kind, the AWS requests every function
// on the path made (webhook → inbound → assistant, by function and operation), the Lambda time
// the local runner measured, and the cost per turn at us-east-1 list prices.
func TestAssistantRequestFigures(t *testing.T) {
	staff := linkedStaff(t)
	res := newResident(t)
	con := newContractor(t)
	stranger := &chat{t: t, phone: newPhone(), name: "Stranger"}
	kinds := []struct {
		name string
		who  *chat
		warm string
		text string
	}{
		{"resident: next demand", res.chat, "hello", "When is my next service charge due?"},
		{"resident: payment link", res.chat, "", "how do I pay?"},
		{"staff: balance by name", staff, "", "What's Jane Smith's balance?"},
		{"staff: spend at a site", staff, "", "How much have we spent at Riverside Court this month?"},
		{"contractor: list work orders", con.chat, "hello", "what jobs do I have?"},
		{"unknown number: the polite reply", stranger, "", "hi, is this the office?"},
	}
	for _, k := range kinds {
		if k.warm != "" {
			k.who.say(k.warm)
		}
		settle(t)
		calls, offset := functionCalls(), logSize(t)
		k.who.say(k.text)
		settle(t)
		c := since2(calls)
		lam := lambdaTimes(t, offset)
		t.Logf("%s: %s", k.name, describeTurn(c, lam))
	}
	t.Logf("prices (us-east-1 list): Lambda arm64 $0.20/M requests + $0.0000133334/GB-s at 256 MB; SQS FIFO $0.50/M requests "+
		"(each SQS-triggered invocation adds the event source's ReceiveMessage and DeleteMessage); DynamoDB on-demand $0.125/M RRU, $0.625/M WRU "+
		"(estimated: items under 1 KB, a read 1 RRU (strongly consistent, or a Query page), BatchGetItem %d RRU, a write 1 WRU, a transaction's item 2 WRU)", batchKeys)
}

// batchKeys is how many items the path's BatchGetItem reads (settings and the suppression record).
const batchKeys = 2

// functionCalls snapshots every function's calls by "Function operation/action".
func functionCalls() map[string]int {
	out := map[string]int{}
	for fn, calls := range e.stack.CallsByFunction() {
		if fn == local.TestCaller {
			continue
		}
		for c, n := range calls {
			op := c.Operation
			if c.Action != "" && c.Action != c.Operation {
				op += "/" + strings.TrimPrefix(c.Action, "dynamodb:")
			}
			out[fn+" "+op] += n
		}
	}
	return out
}

// since2 is what functionCalls gained since before.
func since2(before map[string]int) map[string]int {
	d := map[string]int{}
	for k, n := range functionCalls() {
		if n > before[k] {
			d[k] = n - before[k]
		}
	}
	return d
}

// lambdaRun is what the local runner logged of one function's invocations.
type lambdaRun struct {
	count int
	sqs   int // of them triggered by SQS
	took  time.Duration
}

var runLine = regexp.MustCompile(`^\S+ (\S+Function) (sqs|GET|POST|PUT|DELETE) .* (\S+)$`)

// logPath is the e2e run's log, where the local runner logs each invocation and its duration.
func logPath(t *testing.T) string {
	root, err := motoserver.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root + "/.local/e2e.log"
}

func logSize(t *testing.T) int64 {
	fi, err := os.Stat(logPath(t))
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// lambdaTimes reads the invocations the runner logged after offset, by function.
func lambdaTimes(t *testing.T, offset int64) map[string]lambdaRun {
	f, err := os.Open(logPath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Seek(offset, 0); err != nil {
		t.Fatal(err)
	}
	out := map[string]lambdaRun{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		m := runLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		d, err := time.ParseDuration(m[3])
		if err != nil {
			continue
		}
		r := out[m[1]]
		r.count++
		r.took += d
		if m[2] == "sqs" {
			r.sqs++
		}
		out[m[1]] = r
	}
	return out
}

// describeTurn prints a turn's requests by function and its cost.
func describeTurn(calls map[string]int, runs map[string]lambdaRun) string {
	byFn := map[string][]string{}
	var rru, wru, sqs float64
	total := 0
	for k, n := range calls {
		fn, op, _ := strings.Cut(k, " ")
		byFn[fn] = append(byFn[fn], fmt.Sprintf("%s=%d", strings.TrimPrefix(op, "dynamodb:"), n))
		total += n
		switch {
		case strings.HasPrefix(op, "dynamodb:TransactWriteItems"):
			wru += 2 * float64(n)
		case strings.HasPrefix(op, "dynamodb:BatchGetItem"):
			rru += batchKeys * float64(n)
		case op == "dynamodb:GetItem" || op == "dynamodb:Query" || op == "dynamodb:TransactGetItems":
			rru += float64(n)
		case strings.HasPrefix(op, "dynamodb:"):
			wru += float64(n)
		case strings.HasPrefix(op, "sqs:"):
			sqs += float64(n)
		}
	}
	var fns []string
	var invocations int
	var gbs float64
	for fn := range byFn {
		fns = append(fns, fn)
	}
	for fn, r := range runs {
		if !slices.Contains(fns, fn) {
			fns = append(fns, fn)
		}
		invocations += r.count
		sqs += 2 * float64(r.sqs)
		gbs += lambdaMemoryGB * r.took.Seconds()
	}
	sort.Strings(fns)
	var parts []string
	for _, fn := range fns {
		sort.Strings(byFn[fn])
		r := runs[fn]
		parts = append(parts, fmt.Sprintf("%s [%d invocation(s), %s: %s]", fn, r.count, r.took.Round(time.Millisecond), strings.Join(byFn[fn], " ")))
	}
	cost := float64(invocations)*priceLambdaRequest + gbs*priceLambdaGBs + sqs*priceSQSFIFO + rru*priceDynamoRead + wru*priceDynamoWrite
	return fmt.Sprintf("%d AWS requests by the functions; %s; ≈ %.0f RRU, %.0f WRU, %.0f SQS requests, %.3f GB-s → $%.2f per million turns",
		total, strings.Join(parts, "; "), rru, wru, sqs, gbs, cost*1e6)
}
