// Command sender drains the outbound queue: paced provider sends, retried by error class, each
// message sent once (SenderFunction).
package main

import (
	"context"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/eventgate"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/ratelimit"
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp/providers"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "sender")
	env, err := lambdaenv.Require("TABLE_NAME", "OUTBOUND_QUEUE_URL", "CASE_NOTE_QUEUE_URL", "SSM_PREFIX", "GRAPH_API_VERSION", "STAGE", "OUTBOUND_MAX_RECEIVES", "PLATFORM_EVENT_QUEUE_URL")
	lambdaenv.Must(log, err)
	// The outbound queue's maxReceiveCount, from the template: the receive after which a
	// message goes to the dead-letter queue.
	maxReceives, err := strconv.Atoi(env["OUTBOUND_MAX_RECEIVES"])
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
	outbound := sqsq.New(sq, env["OUTBOUND_QUEUE_URL"])
	const providerTimeout = 10 * time.Second
	h := &sending.Handler{Visibility: outbound, MaxReceives: maxReceives, Sender: &sending.Sender{
		Deps: sending.Deps{
			Store: store, Provider: providers.New(cfg, env["STAGE"], env["GRAPH_API_VERSION"], providerTimeout),
			Secrets:   ssm.New(cfg, env["SSM_PREFIX"], 5*time.Minute),
			PairPacer: dynamo.PairPacer{Pacer: ratelimit.NewPacer(db, table, sending.PairInterval, sending.PairBurst)},
			NumPacer:  ratelimit.NewPacer(db, table, sending.NumberInterval, sending.NumberBurst),
			Outbound:  outbound, CaseNotes: sqsq.New(sq, env["CASE_NOTE_QUEUE_URL"]),
			Events:  emitter,
			Metrics: obs.NewMetrics(os.Stdout, "sender"), Now: time.Now,
			Reach: store, UnknownWait: unknownWait, Sent: store,
		},
		Claims: store, Lease: 60 * time.Second, MaxWait: 7 * time.Second, Sleep: sending.SleepContext,
		// Pacing never eats into the provider call and the writes after it.
		Margin: providerTimeout + 5*time.Second,
	}}
	lambda.Start(func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		return h.Handle(obs.WithLogger(ctx, log), ev)
	})
}
