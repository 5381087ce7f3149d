// Command api is the platform's HTTP API: send, get-options, conversations and staff replies
// (text, template or attachment), attachments, jobs, case notes, WhatsApp settings, API tokens,
// the built-in property store with its ticket replies and work order invitations, and the
// property platforms' callbacks (ApiFunction).
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
	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/idempotency"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/property/platformhttp"
	"github.com/proplink/chat/shared/ratelimit"
	"github.com/proplink/chat/shared/s3store"
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/templatesync"
	"github.com/proplink/chat/shared/whatsapp/meta"
	"github.com/proplink/chat/shared/whatsapp/providers"
	"github.com/proplink/chat/shared/whatsapp/socialmessaging"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "api")
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
	metaClient := meta.New(egress.New(egress.Config{Stage: env["STAGE"], Timeout: 8 * time.Second}), env["GRAPH_API_VERSION"])
	provider := providers.Mux{Meta: metaClient, Twilio: twilio.New(egress.New(egress.Config{Stage: env["STAGE"], Timeout: 8 * time.Second}),
		twilio.StatusCallbackURL(os.Getenv(twilio.PublicURLEnv))),
		Social: socialmessaging.FromConfig(cfg, egress.New(egress.Config{Stage: env["STAGE"], Timeout: 8 * time.Second}), os.Getenv)}
	deps := sending.Deps{
		Store: store, Provider: provider, Secrets: secrets,
		PairPacer: ratelimit.NewPacer(db, table, sending.PairInterval, sending.PairBurst),
		NumPacer:  ratelimit.NewPacer(db, table, sending.NumberInterval, sending.NumberBurst),
		Outbound:  sqsq.New(sq, env["OUTBOUND_QUEUE_URL"]), CaseNotes: sqsq.New(sq, env["CASE_NOTE_QUEUE_URL"]),
		Metrics: obs.NewMetrics(os.Stdout, "api"), Now: time.Now, NewID: func() string { return ulid.Make().String() },
		Reach: store, Sends: store, UnknownWait: unknownWait,
	}
	atts := &attachments.Service{
		Source: provider, Uploader: meta.New(egress.New(egress.Config{Stage: env["STAGE"], Timeout: 60 * time.Second}), env["GRAPH_API_VERSION"]),
		Blobs: s3store.New(awss3.NewFromConfig(cfg, func(o *awss3.Options) { o.UsePathStyle = os.Getenv("AWS_ENDPOINT_URL") != "" }), env["BUCKET_NAME"]),
		Store: store, Secrets: secrets, Now: time.Now, NewID: func() string { return ulid.Make().String() },
	}
	a := &api.API{
		// Token lookups are remembered per instance for api.TokenCacheTTL (README, "API token cache").
		Store: api.CacheTokens(store, api.TokenCacheTTL), Secrets: secrets, Now: time.Now, Conversations: store, Tokens: store,
		Verifier: provider, Stage: env["STAGE"], Templates: &templatesync.Syncer{Store: store, Secrets: secrets, Provider: provider},
		// Staff replies with an attachment: the object is read from S3, uploaded to the
		// provider's media endpoint and sent by media id (Twilio: sent by a presigned S3 URL).
		Send: &sending.Service{Deps: deps, Limit: ratelimit.NewWindow(db, table, limit, time.Minute), Attachments: atts, Media: provider,
			Conversations: store},
		Idempotency: idempotency.New(db, table, 24*time.Hour, time.Minute),
		Attachments: atts,
		Property:    store,
		Links:       store.StaffLinks(), Handovers: store.Handovers(),
		// The platform callbacks read the organisation's own platform, or the built-in store.
		Platforms: property.Platforms{Settings: property.OrgSettings(store.GetSettings), BuiltIn: store,
			HTTP: platformhttp.Connector{HTTP: egress.New(egress.Config{Stage: env["STAGE"], Timeout: 8 * time.Second}), Secrets: secrets}.Open},
	}
	lambda.Start(func(ctx context.Context, r api.Request) (api.Response, error) {
		return a.Handle(obs.WithLogger(ctx, log), r)
	})
}
