//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	awsssm "github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/idempotency"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/ratelimit"
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// BenchmarkSendPathInProcess runs ApiFunction's send handler in this process, wired as
// functions/api/main.go wires it, against the stack's moto and the simulator, so that
// `-cpuprofile` shows where the product's own CPU goes on a send (moto's time is not in it).
func BenchmarkSendPathInProcess(b *testing.B) {
	cfg := e.stack.AWSConfig()
	db, sq := awsdynamodb.NewFromConfig(cfg), awssqs.NewFromConfig(cfg)
	table := e.stack.Resource("Table")
	store := dynamo.New(db, table)
	secrets := ssm.New(awsssm.NewFromConfig(cfg), "/proplink/"+lambdaenv.LocalStage, 5*time.Minute)
	provider := meta.New(&http.Client{Timeout: 8 * time.Second}, "v21.0")
	deps := sending.Deps{
		Store: store, Provider: provider, Secrets: secrets, Reach: store,
		PairPacer: ratelimit.NewPacer(db, table, sending.PairInterval, sending.PairBurst),
		NumPacer:  ratelimit.NewPacer(db, table, sending.NumberInterval, sending.NumberBurst),
		Outbound:  sqsq.New(sq, e.stack.Resource("OutboundQueue")), CaseNotes: sqsq.New(sq, e.stack.Resource("CaseNoteQueue")),
		Metrics: obs.NewMetrics(io.Discard, "api"), Now: time.Now, NewID: func() string { return ulid.Make().String() },
	}
	a := &api.API{Store: api.CacheTokens(store, api.TokenCacheTTL), Secrets: secrets, Now: time.Now, Conversations: store,
		Send:        &sending.Service{Deps: deps, Limit: ratelimit.NewWindow(db, table, 20, time.Minute)},
		Idempotency: idempotency.New(db, table, 24*time.Hour, time.Minute)}
	// The per-user limit is 20 a minute, as deployed: a new user every 20 sends.
	tokens := make([]string, b.N/20+1)
	for i := range tokens {
		tokens[i] = mint(b, e.demo.OrgID, messaging.PermWhatsAppSend)
	}
	e.sim.SetWebhookURL("")
	defer e.sim.SetWebhookURL(e.stack.APIURL() + "/webhooks/meta")
	ctx := obs.WithLogger(context.Background(), obs.NewLogger(io.Discard, "bench"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := api.Request{RouteKey: "ANY /api/whatsapp/send", Body: sendBody(1050, newPhone(), 1),
			Headers: map[string]string{"authorization": "Bearer " + tokens[i/20], "content-type": "application/json"}}
		req.RequestContext.HTTP.Method = "POST"
		resp, err := a.Handle(ctx, req)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("send %d: %v %d %s", i, err, resp.StatusCode, resp.Body)
		}
	}
	b.StopTimer()
	fmt.Printf("in-process send: %.1f ms each\n", float64(b.Elapsed().Milliseconds())/float64(b.N))
}
