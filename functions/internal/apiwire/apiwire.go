// Package apiwire builds the HTTP API from a function's environment: the adapters, the send
// service and the API itself, for ApiFunction and ApiGeneralFunction alike (they serve
// different routes of one route table, from different binaries).
package apiwire

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/eventgate"
	"github.com/proplink/chat/shared/idempotency"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/property/platformhttp"
	"github.com/proplink/chat/shared/ratelimit"
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/templatesync"
	"github.com/proplink/chat/shared/whatsapp/meta"
	"github.com/proplink/chat/shared/whatsapp/providers"
	"github.com/proplink/chat/shared/whatsapp/socialmessaging"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

// Bucket is the attachments bucket as the API uses it: attachments keep their objects in it, and
// End User Messaging Social uploads outbound media from it.
type Bucket interface {
	attachments.Blobs
	socialmessaging.Objects
}

// New reads the environment, builds the AWS clients, adapters and services once, and returns
// the API; a missing or malformed variable stops the cold start. Both functions count their
// metrics as the one service "api". blobs opens the attachments bucket (BUCKET_NAME); nil
// leaves attachments unwired, and the S3 client out of the binary (ApiGeneralFunction, which
// serves none of their routes).
func New(ctx context.Context, log *slog.Logger, blobs func(cfg aws.Config, bucket string) Bucket) *api.API {
	env, err := lambdaenv.Require("TABLE_NAME", "OUTBOUND_QUEUE_URL", "CASE_NOTE_QUEUE_URL", "SSM_PREFIX", "GRAPH_API_VERSION", "SEND_RATE_LIMIT", "STAGE", "PLATFORM_EVENT_QUEUE_URL")
	lambdaenv.Must(log, err)
	limit, err := strconv.Atoi(env["SEND_RATE_LIMIT"])
	lambdaenv.Must(log, err)
	unknownWait, err := sending.UnknownWaitFrom(os.Getenv)
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	db, sq := ddb.NewFromConfig(cfg), sqsq.NewClient(cfg, os.Getenv)
	table := env["TABLE_NAME"]
	store := dynamo.New(db, table)
	// Only the events some endpoint wants (or all, for a bus) reach the queue (README).
	emitter, err := eventgate.FromEnv(sqsq.NewEventQueue(sqsq.New(sq, env["PLATFORM_EVENT_QUEUE_URL"])), store)
	lambdaenv.Must(log, err)
	secrets := ssm.New(cfg, env["SSM_PREFIX"], 5*time.Minute)
	metaClient := meta.New(egress.New(egress.Config{Stage: env["STAGE"], Timeout: 8 * time.Second}), env["GRAPH_API_VERSION"])
	social := socialmessaging.FromConfig(cfg, egress.New(egress.Config{Stage: env["STAGE"], Timeout: 8 * time.Second}), os.Getenv)
	var bucket Bucket
	if blobs != nil {
		b, err := lambdaenv.Require("BUCKET_NAME")
		lambdaenv.Must(log, err)
		bucket = blobs(cfg, b["BUCKET_NAME"])
		// End User Messaging Social uploads outbound media from the attachment's object itself.
		social = social.WithMedia(bucket)
	}
	provider := providers.Mux{Meta: metaClient, Twilio: twilio.New(egress.New(egress.Config{Stage: env["STAGE"], Timeout: 8 * time.Second}),
		twilio.StatusCallbackURL(os.Getenv(twilio.PublicURLEnv))),
		Social: social}
	deps := sending.Deps{
		Store: store, Provider: provider, Secrets: secrets,
		PairPacer: dynamo.PairPacer{Pacer: ratelimit.NewPacer(db, table, sending.PairInterval, sending.PairBurst)},
		NumPacer:  ratelimit.NewPacer(db, table, sending.NumberInterval, sending.NumberBurst),
		Outbound:  sqsq.New(sq, env["OUTBOUND_QUEUE_URL"]), CaseNotes: sqsq.New(sq, env["CASE_NOTE_QUEUE_URL"]),
		Events:  emitter,
		Metrics: obs.NewMetrics(os.Stdout, "api"), Now: time.Now, NewID: func() string { return ulid.Make().String() },
		Reach: store, Sends: store, UnknownWait: unknownWait,
		// A sent message's note and conversation message in one write (README, "Requests per send").
		Sent: store,
	}
	a := &api.API{
		// Token lookups are remembered per instance for api.TokenCacheTTL (README, "API token cache").
		Store: api.CacheTokens(store, api.TokenCacheTTL), Secrets: secrets, Now: time.Now, Conversations: store, Tokens: store,
		Verifier: provider, Stage: env["STAGE"], Templates: &templatesync.Syncer{Store: store, Secrets: secrets, Provider: provider},
		Send: &sending.Service{Deps: deps, Limit: ratelimit.NewWindow(db, table, limit, time.Minute), Media: provider,
			Conversations: store},
		Idempotency: idempotency.New(db, table, 24*time.Hour, time.Minute),
		Property:    store,
		Links:       store.StaffLinks(), Handovers: store.Handovers(),
		// The platform callbacks read the organisation's own platform, or the built-in store.
		Platforms: property.Platforms{Settings: property.OrgSettings(store.GetSettings), BuiltIn: store,
			HTTP: platformhttp.Connector{HTTP: egress.New(egress.Config{Stage: env["STAGE"], Timeout: 8 * time.Second}), Secrets: secrets}.Open},
		Events: store,
	}
	// Staff replies with an attachment: the object is read from S3, uploaded to the provider's
	// media endpoint and sent by media id (Twilio: sent by a presigned S3 URL).
	if bucket != nil {
		atts := &attachments.Service{
			Source: provider,
			Uploader: providers.Mux{Meta: meta.New(egress.New(egress.Config{Stage: env["STAGE"], Timeout: 60 * time.Second}), env["GRAPH_API_VERSION"]),
				Social: social},
			Blobs: bucket,
			Store: store, Secrets: secrets, Now: time.Now, NewID: func() string { return ulid.Make().String() },
		}
		a.Attachments, a.Send.Attachments = atts, atts
	}
	return a
}
