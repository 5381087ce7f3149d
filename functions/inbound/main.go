// Command inbound drains the inbound queue: delivery statuses onto case notes, people's messages
// into conversations (their photos and files onto the media queue), STOP and START, template
// status updates and account alerts, each once (InboundFunction).
package main

import (
	"context"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/eventgate"
	"github.com/proplink/chat/shared/inbound"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp/providers"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "inbound")
	env, err := lambdaenv.Require("TABLE_NAME", "SSM_PREFIX", "GRAPH_API_VERSION", "MEDIA_QUEUE_URL", "ASSISTANT_QUEUE_URL", "STAGE", "PLATFORM_EVENT_QUEUE_URL")
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	sq := sqsq.NewClient(cfg, os.Getenv)
	store := dynamo.New(ddb.NewFromConfig(cfg), env["TABLE_NAME"])
	// Only the events some endpoint wants (or all, for a bus) reach the queue (README).
	emitter, err := eventgate.FromEnv(sqsq.NewEventQueue(sqsq.New(sq, env["PLATFORM_EVENT_QUEUE_URL"])), store)
	lambdaenv.Must(log, err)
	h := &inbound.Handler{Processor: &inbound.Processor{
		Store: store,
		// Whether the assistant answers is read once a minute per instance (README).
		AssistantSettings: property.CachedSettings(store.GetSettings, inbound.AssistantSettingsTTL, time.Now),
		Provider:          providers.New(cfg, env["STAGE"], env["GRAPH_API_VERSION"], 8*time.Second),
		Secrets:           ssm.New(cfg, env["SSM_PREFIX"], 5*time.Minute),
		Metrics:           obs.NewMetrics(os.Stdout, "inbound"),
		Media:             sqsq.New(sq, env["MEDIA_QUEUE_URL"]),
		Assistant:         sqsq.New(sq, env["ASSISTANT_QUEUE_URL"]),
		Events:            emitter,
		// A first message with a click-to-chat code lands in that link's queue (the console).
		Queues: store.ChatLinks(),
		Lease:  inbound.DefaultLease,
		Now:    time.Now,
	}}
	lambda.Start(func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		return h.Handle(obs.WithLogger(ctx, log), ev)
	})
}
