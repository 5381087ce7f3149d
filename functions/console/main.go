// Command console is the staff console (ConsoleFunction): the page and its assets under
// /console, sign-in with one-time links, cookie sessions with CSRF tokens, and the console API,
// whose conversation reads and sends run the platform API's own handlers and services.
package main

import (
	"context"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	awsssm "github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/console"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/idempotency"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/ratelimit"
	"github.com/proplink/chat/shared/s3store"
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp/meta"
	"github.com/proplink/chat/shared/whatsapp/providers"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "console")
	env, err := lambdaenv.Require("TABLE_NAME", "OUTBOUND_QUEUE_URL", "CASE_NOTE_QUEUE_URL", "SSM_PREFIX", "GRAPH_API_VERSION", "SEND_RATE_LIMIT", "BUCKET_NAME", "STAGE")
	lambdaenv.Must(log, err)
	limit, err := strconv.Atoi(env["SEND_RATE_LIMIT"])
	lambdaenv.Must(log, err)
	unknownWait, err := sending.UnknownWaitFrom(os.Getenv)
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	db, sq := awsdynamodb.NewFromConfig(cfg), awssqs.NewFromConfig(cfg)
	table := env["TABLE_NAME"]
	store := dynamo.New(db, table)
	secrets := ssm.New(awsssm.NewFromConfig(cfg), env["SSM_PREFIX"], 5*time.Minute)
	provider := providers.New(cfg, env["STAGE"], env["GRAPH_API_VERSION"], 8*time.Second)
	atts := &attachments.Service{
		Source: provider, Uploader: meta.New(egress.New(egress.Config{Stage: env["STAGE"], Timeout: 60 * time.Second}), env["GRAPH_API_VERSION"]),
		Blobs: s3store.New(awss3.NewFromConfig(cfg, func(o *awss3.Options) { o.UsePathStyle = os.Getenv("AWS_ENDPOINT_URL") != "" }), env["BUCKET_NAME"]),
		Store: store, Secrets: secrets, Now: time.Now, NewID: func() string { return ulid.Make().String() },
	}
	deps := sending.Deps{
		Store: store, Provider: provider, Secrets: secrets,
		PairPacer: ratelimit.NewPacer(db, table, sending.PairInterval, sending.PairBurst),
		NumPacer:  ratelimit.NewPacer(db, table, sending.NumberInterval, sending.NumberBurst),
		Outbound:  sqsq.New(sq, env["OUTBOUND_QUEUE_URL"]), CaseNotes: sqsq.New(sq, env["CASE_NOTE_QUEUE_URL"]),
		Metrics: obs.NewMetrics(os.Stdout, "console"), Now: time.Now, NewID: func() string { return ulid.Make().String() },
		Reach: store, Sends: store, UnknownWait: unknownWait,
	}
	// The console's conversation routes are the platform API's, run for the session's staff
	// member: the same checks, window rules, pacing and idempotency as a bearer-token caller.
	platform := &api.API{
		Store: store, Secrets: secrets, Now: time.Now, Conversations: store, Stage: env["STAGE"],
		Send:        &sending.Service{Deps: deps, Limit: ratelimit.NewWindow(db, table, limit, time.Minute), Attachments: atts, Media: provider, Conversations: store},
		Idempotency: idempotency.New(db, table, 24*time.Hour, time.Minute),
		Attachments: atts, Handovers: store.Handovers(),
	}
	// Staff ask for a sign-in link on their linked WhatsApp number: 3 per number per 10 minutes.
	viaWhatsApp := &console.WhatsAppSignIn{Links: store.StaffLinks(), Conversations: store, Settings: store, Secrets: secrets,
		Provider: provider, Limit: ratelimit.NewWindow(db, table, 3, 10*time.Minute)}
	h := &console.Handler{
		Sessions: &console.Sessions{Store: store.Console(), Now: time.Now}, Store: store.Console(), Conversations: store,
		API: platform, WhatsApp: viaWhatsApp, Links: store.ChatLinks(), Settings: store, Receipts: &console.Receipts{Settings: store, Secrets: secrets, Provider: provider}, Secure: env["STAGE"] != lambdaenv.LocalStage, Now: time.Now,
	}
	lambda.Start(func(ctx context.Context, r apigw.Request) (apigw.Response, error) {
		return h.Handle(obs.WithLogger(ctx, log), r)
	})
}
