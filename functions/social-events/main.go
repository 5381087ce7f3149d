// Command social-events drains the End User Messaging Social events queue: each event the
// service published on the events topic goes onto the inbound queue the way a webhook does, routed
// by the linked number's ARN (SocialEventsFunction).
package main

import (
	"context"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/webhook"
)

// noSecrets answers every secret as not configured: the service's events carry no signature
// (only the topic may send to the queue), so this function reads none and may read none.
type noSecrets struct{}

func (noSecrets) Get(context.Context, string) (string, error) {
	return "", messaging.Errorf(messaging.CodeNotConfigured, "social-events reads no secrets")
}

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "social-events")
	env, err := lambdaenv.Require("TABLE_NAME", "INBOUND_QUEUE_URL", "SOCIAL_EVENTS_QUEUE_URL")
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	store := dynamo.New(ddb.NewFromConfig(cfg), env["TABLE_NAME"])
	sq := sqsq.NewClient(cfg, os.Getenv)
	svc, err := webhook.New(webhook.Config{
		Phones:   store,
		WABAs:    store, // template status updates name only the account
		Secrets:  noSecrets{},
		Queue:    sqsq.New(sq, env["INBOUND_QUEUE_URL"]),
		Metrics:  obs.NewMetrics(os.Stdout, "social-events"),
		RouteTTL: 5 * time.Minute,
	})
	lambdaenv.Must(log, err)
	h := &webhook.SocialHandler{Service: svc, Visibility: sqsq.New(sq, env["SOCIAL_EVENTS_QUEUE_URL"])}
	lambda.Start(func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		return h.Handle(obs.WithLogger(ctx, log), ev)
	})
}
