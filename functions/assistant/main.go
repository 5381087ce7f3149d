// Command assistant drains AssistantQueue: each person's message, in order per conversation,
// is answered by PropLink Chat unless staff have taken the conversation over
// (AssistantFunction).
package main

import (
	"context"
	"os"
	"time"
	_ "time/tzdata" // the understanding reads Europe/London ("this month", "tomorrow")

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/assistant/turnqueue"
	"github.com/proplink/chat/shared/assistant/understanding"
	"github.com/proplink/chat/shared/bedrock"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/eventgate"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/property/platformhttp"
	"github.com/proplink/chat/shared/ratelimit"
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp/providers"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "assistant")
	env, err := lambdaenv.Require("TABLE_NAME", "SSM_PREFIX", "GRAPH_API_VERSION", "STAGE", "PLATFORM_EVENT_QUEUE_URL")
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	db, table := ddb.NewFromConfig(cfg), env["TABLE_NAME"]
	store := dynamo.New(db, table)
	// Only the events some endpoint wants (or all, for a bus) reach the queue (README).
	emitter, err := eventgate.FromEnv(sqsq.NewEventQueue(sqsq.New(sqsq.NewClient(cfg, os.Getenv), env["PLATFORM_EVENT_QUEUE_URL"])), store)
	lambdaenv.Must(log, err)
	secrets := ssm.New(cfg, env["SSM_PREFIX"], 5*time.Minute)
	metrics := obs.NewMetrics(os.Stdout, "assistant")
	// The organisation's own platform over HTTP when its settings name one, the built-in store
	// otherwise; settings are read once a minute, not once per platform call.
	platforms := property.Platforms{
		Settings: property.CachedSettings(property.OrgSettings(store.GetSettings), time.Minute, time.Now),
		HTTP:     platformhttp.Connector{HTTP: egress.New(egress.Config{Stage: env["STAGE"]}), Secrets: secrets}.Open,
		BuiltIn:  store,
	}
	const providerTimeout = 10 * time.Second
	replier := &sending.Replier{
		Deps: sending.Deps{
			Store: store, Provider: providers.New(cfg, env["STAGE"], env["GRAPH_API_VERSION"], providerTimeout),
			Secrets:   secrets,
			PairPacer: dynamo.PairPacer{Pacer: ratelimit.NewPacer(db, table, sending.PairInterval, sending.PairBurst)},
			NumPacer:  ratelimit.NewPacer(db, table, sending.NumberInterval, sending.NumberBurst),
			Metrics:   metrics, Now: time.Now, Reach: store,
		},
		Claims: store, Replies: store, Lease: 60 * time.Second, MaxWait: 7 * time.Second, Sleep: sending.SleepContext,
	}
	// The careful AI layer, when the deployment has a model (its client builds no schema at init).
	ai, err := bedrock.FromEnv(cfg, os.Getenv, store, metrics)
	lambdaenv.Must(log, err)
	engine := &assistant.Service{
		Platform: property.Routed{Platforms: platforms}, Sessions: store.Sessions(), StaffLinks: store.StaffLinks(),
		Replier: replier, Auditor: store.Auditor(), Handovers: store.Handovers(),
		Flags: turnqueue.StaffFlags{Flagger: store.Handovers()}, NLU: understanding.NLU{}, AI: ai, Variants: messaging.NumberVariants, Now: time.Now,
		Events: emitter,
	}
	h := &turnqueue.Handler{Engine: engine, Handovers: store.Handovers(), Metrics: metrics, Now: time.Now}
	lambda.Start(func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		return h.Handle(obs.WithLogger(ctx, log), ev)
	})
}
