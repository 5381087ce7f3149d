// Command webhook is the provider webhook ingress: Meta's subscription challenge and signed
// webhook deliveries onto the inbound queue (WebhookFunction).
package main

import (
	"context"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/webhook"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "webhook")
	env, err := lambdaenv.Require("TABLE_NAME", "SSM_PREFIX", "INBOUND_QUEUE_URL")
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	store := dynamo.New(ddb.NewFromConfig(cfg), env["TABLE_NAME"])
	svc, err := webhook.New(webhook.Config{
		Phones:   store,
		WABAs:    store, // template status updates name only the account
		Secrets:  ssm.New(cfg, env["SSM_PREFIX"], 5*time.Minute),
		Queue:    sqsq.New(sqsq.NewClient(cfg, os.Getenv), env["INBOUND_QUEUE_URL"]),
		Metrics:  obs.NewMetrics(os.Stdout, "webhook"),
		RouteTTL: 5 * time.Minute,
	})
	lambdaenv.Must(log, err)
	lambda.Start(func(ctx context.Context, r apigw.Request) (apigw.Response, error) {
		return svc.Handle(obs.WithLogger(ctx, log), r), nil
	})
}
