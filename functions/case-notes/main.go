// Command case-notes writes and amends case notes on jobs from the case-note queue
// (CaseNotesFunction).
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/proplink/chat/shared/casenotes"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/eventgate"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/sqsq"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "case-notes")
	env, err := lambdaenv.Require("TABLE_NAME", "PLATFORM_EVENT_QUEUE_URL")
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	store := dynamo.New(ddb.NewFromConfig(cfg), env["TABLE_NAME"])
	// Only the events some endpoint wants (or all, for a bus) reach the queue (README).
	emitter, err := eventgate.FromEnv(sqsq.NewEventQueue(sqsq.New(sqsq.NewClient(cfg, os.Getenv), env["PLATFORM_EVENT_QUEUE_URL"])), store)
	lambdaenv.Must(log, err)
	h := &casenotes.Handler{Store: store, Events: emitter}
	lambda.Start(func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		return h.Handle(obs.WithLogger(ctx, log), ev)
	})
}
