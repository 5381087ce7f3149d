//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// ingress is a second local stack that runs only WebhookFunction, so the inbound queue keeps
// what the webhook put on it (the shared stack's InboundFunction consumes it at once), with a
// simulator of its own that sends no automatic statuses.
type ingress struct {
	stack *local.Stack
	sim   *simulator.Simulator
	sqs   *awssqs.Client
	queue string
}

func startIngress(t *testing.T) *ingress {
	t.Helper()
	ctx := context.Background()
	root, err := motoserver.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	logf, err := os.Create(root + "/.local/e2e-ingress.log")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logf.Close() })
	stack, err := local.Start(ctx, local.Options{Root: root, APIAddr: "127.0.0.1:0", StackName: "proplink-ingress",
		Functions: []string{"WebhookFunction"}, Instances: 4, Log: logf, StackFile: "-",
		Parameters: map[string]string{"Stage": lambdaenv.LocalStage}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stack.Close() })
	police(stack)
	sim := simulator.New(simulator.Options{Accounts: []simulator.Account{{
		PhoneNumberID: admin.DemoPhoneNumberID, WABAID: admin.DemoWABAID, Token: admin.DemoProviderToken,
	}}, AppSecret: admin.DemoAppSecret, StatusDelay: -1, WebhookURL: stack.APIURL() + "/webhooks/meta"})
	simURL, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	cfg := stack.AWSConfig()
	store := dynamo.New(ddb.NewFromConfig(cfg), stack.Resource("Table"))
	secrets := ssm.New(cfg, "/proplink/"+lambdaenv.LocalStage, 0)
	if _, err := admin.SeedDemo(ctx, store, secrets, simURL, sim.Templates(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := admin.SeedWebhookVerifyToken(ctx, secrets, admin.DemoWebhookVerifyToken); err != nil {
		t.Fatal(err)
	}
	return &ingress{stack: stack, sim: sim, sqs: awssqs.NewFromConfig(cfg), queue: stack.Resource("InboundQueue")}
}

// queued is one inbound queue message: the envelope and its FIFO group.
type queued struct {
	In    whatsapp.Inbound
	Group string
}

// drain receives and deletes inbound queue messages until none arrive for quiet.
func (g *ingress) drain(t *testing.T, quiet time.Duration) []queued {
	t.Helper()
	ctx := context.Background()
	var out []queued
	last := time.Now()
	for time.Since(last) < quiet {
		res, err := g.sqs.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(g.queue),
			MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 30,
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameMessageGroupId}})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range res.Messages {
			var q queued
			if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &q.In); err != nil {
				t.Fatalf("inbound queue message is not an envelope: %v", err)
			}
			q.Group = m.Attributes[string(sqstypes.MessageSystemAttributeNameMessageGroupId)]
			out = append(out, q)
			if _, err := g.sqs.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(g.queue), ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatal(err)
			}
			last = time.Now()
		}
	}
	return out
}

func TestWebhookIngress(t *testing.T) {
	g := startIngress(t)
	ctx := context.Background()
	get := func(query string) (int, string) {
		resp, err := http.Get(g.stack.APIURL() + "/webhooks/meta?" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	t.Run("challenge", func(t *testing.T) {
		status, body := get("hub.mode=subscribe&hub.verify_token=" + admin.DemoWebhookVerifyToken + "&hub.challenge=1158201444")
		if status != 200 || body != "1158201444" {
			t.Errorf("got %d %q, want 200 1158201444", status, body)
		}
		if status, _ := get("hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1"); status != 403 {
			t.Errorf("wrong token: got %d, want 403", status)
		}
	})

	t.Run("signed inbound message is enqueued", func(t *testing.T) {
		g.stack.ResetCounts()
		res, err := g.sim.Inject(ctx, simulator.Inbound{From: "+447700900123", ProfileName: "Sam", Text: "Is the plumber still coming?"})
		counts := g.stack.Counts()
		if err != nil || !slices.Equal(res.HTTPStatuses, []int{200}) {
			t.Fatalf("Inject = %+v, %v; want one 200", res, err)
		}
		t.Logf("AWS requests for the first (cold) webhook POST: %v", counts)
		got := g.drain(t, 2*time.Second)
		if len(got) != 1 {
			t.Fatalf("queue holds %d messages, want 1", len(got))
		}
		in := got[0].In
		if in.OrgID != admin.DemoOrg || in.Event.Provider != messaging.ProviderMeta || in.Event.PhoneNumberID != admin.DemoPhoneNumberID ||
			in.Event.Message == nil || in.Event.Message.ID != res.WAMID || in.Event.Message.Text != "Is the plumber still coming?" ||
			in.Event.Message.From != "447700900123" || in.Event.Message.ProfileName != "Sam" || in.ReceivedAt.IsZero() {
			t.Errorf("envelope = %+v, want the demo org's message %s", in, res.WAMID)
		}
		if got[0].Group != in.GroupKey() {
			t.Errorf("group = %q, want %q", got[0].Group, in.GroupKey())
		}
	})

	t.Run("warm webhook AWS requests", func(t *testing.T) {
		g.stack.ResetCounts()
		const n = 5
		for i := range n {
			if _, err := g.sim.InjectText("447700900123", "Sam", fmt.Sprintf("warm %d", i)); err != nil {
				t.Fatal(err)
			}
		}
		counts := g.stack.Counts()
		t.Logf("AWS requests for %d warm webhook POSTs (one message each): %v", n, counts)
		if got := len(g.drain(t, 2*time.Second)); got != n {
			t.Errorf("queue holds %d, want %d", got, n)
		}
	})

	t.Run("bad signature is refused and nothing enqueued", func(t *testing.T) {
		res, err := g.sim.Inject(ctx, simulator.Inbound{From: "447700900123", Text: "forged", WebhookOptions: simulator.WebhookOptions{BadSignature: true}})
		if err != nil || !slices.Equal(res.HTTPStatuses, []int{401}) {
			t.Fatalf("Inject = %+v, %v; want one 401", res, err)
		}
		body := `{"object":"whatsapp_business_account","entry":[]}`
		resp, err := http.Post(g.stack.APIURL()+"/webhooks/meta", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Errorf("unsigned POST: got %d, want 401", resp.StatusCode)
		}
		if got := g.drain(t, 2*time.Second); len(got) != 0 {
			t.Errorf("queue holds %d messages, want 0", len(got))
		}
	})

	t.Run("three replays are one message", func(t *testing.T) {
		res, err := g.sim.Inject(ctx, simulator.Inbound{From: "447700900123", Text: "said thrice", WebhookOptions: simulator.WebhookOptions{Times: 3}})
		if err != nil || !slices.Equal(res.HTTPStatuses, []int{200, 200, 200}) {
			t.Fatalf("Inject = %+v, %v; want three 200s", res, err)
		}
		got := g.drain(t, 2*time.Second)
		if len(got) != 1 || got[0].In.Event.Message == nil || got[0].In.Event.Message.ID != res.WAMID {
			t.Errorf("queue holds %d messages, want 1 (%s)", len(got), res.WAMID)
		}
	})

	t.Run("unknown number is acknowledged and dropped", func(t *testing.T) {
		body := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"999000999"},"messages":[{"from":"447700900123","id":"wamid.X","timestamp":"1749416383","type":"text","text":{"body":"hi"}}]}}]}]}`)
		req, _ := http.NewRequest("POST", g.stack.APIURL()+"/webhooks/meta", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(meta.SignatureHeader, meta.Sign([]byte("someone-else"), body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("got %d, want 200", resp.StatusCode)
		}
		if got := g.drain(t, 2*time.Second); len(got) != 0 {
			t.Errorf("queue holds %d messages, want 0", len(got))
		}
	})
}

// TestWebhookAckLoad measures webhook acknowledgement latency through the local runner: 2,000
// signed inbound webhooks at 50 per second, each timed from request to answer, while a consumer
// (on a moto client that bypasses the request counter) keeps the inbound queue short as the
// processor would. It only logs figures; run it with
// E2E_WEBHOOK_LOAD=1 go test -tags e2e -run TestWebhookAckLoad -v ./infra/e2e.
func TestWebhookAckLoad(t *testing.T) {
	if os.Getenv("E2E_WEBHOOK_LOAD") == "" {
		t.Skip("set E2E_WEBHOOK_LOAD=1 to run the webhook load measurement")
	}
	g := startIngress(t)
	const total, rate = 2000, 50
	for range 4 { // warm both instances
		if _, err := g.sim.InjectText("447700900123", "Sam", "warm-up"); err != nil {
			t.Fatal(err)
		}
	}
	g.drain(t, time.Second)
	ctx, stop := context.WithCancel(context.Background())
	consumed := make(chan int)
	go func() { consumed <- consume(ctx, g) }()
	g.stack.ResetCounts()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 100}, Timeout: time.Minute}
	var mu sync.Mutex
	var lat []time.Duration
	fails := 0
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Second / rate)
	defer tick.Stop()
	start := time.Now()
	for i := range total {
		<-tick.C
		_, body, sig, err := g.sim.InboundWebhook(simulator.Inbound{From: fmt.Sprintf("4477009%05d", i%500), Text: fmt.Sprintf("load %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", g.stack.APIURL()+"/webhooks/meta", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(meta.SignatureHeader, sig)
			t0 := time.Now()
			resp, err := client.Do(req)
			d := time.Since(t0)
			ok := err == nil && resp.StatusCode == 200
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			mu.Lock()
			defer mu.Unlock()
			lat = append(lat, d)
			if !ok {
				fails++
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	counts := g.stack.Counts()
	time.Sleep(3 * time.Second)
	stop()
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	t.Logf("%d webhook POSTs at %d/s in %v: p50 %v, p90 %v, p99 %v, max %v; %d not 200",
		total, rate, elapsed.Round(time.Millisecond), pct(0.50), pct(0.90), pct(0.99), lat[len(lat)-1], fails)
	t.Logf("AWS requests during the load (function only): %v", counts)
	t.Logf("consumer took %d envelopes off the inbound queue", <-consumed)
}

// consume receives and deletes inbound queue messages until ctx ends, on a client aimed at moto
// directly, and returns how many it took.
func consume(ctx context.Context, g *ingress) int {
	cfg := g.stack.AWSConfig()
	cfg.BaseEndpoint = aws.String(g.stack.MotoURL())
	c := awssqs.NewFromConfig(cfg)
	n := 0
	for ctx.Err() == nil {
		res, err := c.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(g.queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
		if err != nil || len(res.Messages) == 0 {
			continue
		}
		var del []sqstypes.DeleteMessageBatchRequestEntry
		for i, m := range res.Messages {
			del = append(del, sqstypes.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: m.ReceiptHandle})
		}
		if _, err := c.DeleteMessageBatch(ctx, &awssqs.DeleteMessageBatchInput{QueueUrl: aws.String(g.queue), Entries: del}); err == nil {
			n += len(del)
		}
	}
	return n
}
