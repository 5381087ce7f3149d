//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// BenchmarkSendThroughput drives b.N sends through the whole local path — HTTP API →
// ApiFunction → provider simulator, then CaseNoteQueue → CaseNotesFunction → DynamoDB — from 8
// concurrent callers, and reports sends per second (until every case note is written) and the
// AWS requests each send made, by service and operation. The simulator's status webhooks are
// off for the run: they are the webhook path's work, measured on their own.
func BenchmarkSendThroughput(b *testing.B) {
	const callers = 8
	e.sim.SetWebhookURL("")
	defer e.sim.SetWebhookURL(e.stack.APIURL() + "/webhooks/meta")
	n := max(b.N, 40)
	// The per-user limit is 20 a minute: enough users that it never binds here.
	tokens := make([]string, n/20+1)
	for i := range tokens {
		tokens[i] = mint(b, e.demo.OrgID, messaging.PermWhatsAppSend)
	}
	phones := make([]string, n)
	for i := range phones {
		phones[i] = newPhone()
	}
	waitIdleB(b)
	e.stack.ResetCounts()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	work := make(chan int)
	for c := 0; c < callers; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				st := post(tokens[i/20], sendBody(1050, phones[i], 1))
				mu.Lock()
				statuses[st]++
				mu.Unlock()
			}
		}()
	}
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	apiDone := time.Since(start)
	waitIdleB(b)
	total := time.Since(start)
	b.StopTimer()
	counts := e.stack.Counts()
	b.ReportMetric(float64(n)/total.Seconds(), "sends/s")
	b.ReportMetric(float64(n)/apiDone.Seconds(), "api-answers/s")
	var keys []string
	sum := 0
	for k, v := range counts {
		keys = append(keys, k)
		sum += v
	}
	sort.Strings(keys)
	var lines []string
	for _, k := range keys {
		lines = append(lines, fmt.Sprintf("%s=%.2f", k, float64(counts[k])/float64(n)))
	}
	b.ReportMetric(float64(sum)/float64(n), "aws-requests/send")
	fmt.Fprintf(os.Stderr, "throughput: %d sends (%v) in %v (API answers in %v): %.1f sends/s; AWS requests per send %.2f: %s\n",
		n, statuses, total.Round(time.Millisecond), apiDone.Round(time.Millisecond), float64(n)/total.Seconds(),
		float64(sum)/float64(n), strings.Join(lines, " "))
}

// post sends one request and returns its status.
func post(token, body string) int {
	req, _ := http.NewRequest("POST", e.stack.APIURL()+"/api/whatsapp/send", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func waitIdleB(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := e.stack.Idle(ctx); err != nil {
		b.Fatal(err)
	}
}
