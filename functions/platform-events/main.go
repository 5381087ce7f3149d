// Command platform-events drains the platform event queue: it fans each emitted event out to
// the organisation's endpoints (and the EventBridge bus when one is named) and delivers each
// to its endpoint as a signed POST, with retries, a delivery log and a dead-letter queue
// (PlatformEventsFunction).
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/eventbus"
	"github.com/proplink/chat/shared/eventdelivery"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "platform-events")
	env, err := lambdaenv.Require("TABLE_NAME", "SSM_PREFIX", "STAGE", "PLATFORM_EVENT_QUEUE_URL", "PLATFORM_EVENT_DLQ_URL", "PLATFORM_EVENT_MAX_RECEIVES")
	lambdaenv.Must(log, err)
	maxReceives, err := strconv.Atoi(env["PLATFORM_EVENT_MAX_RECEIVES"])
	lambdaenv.Must(log, err)
	retryBase, err := retryBase(os.Getenv(eventdelivery.RetryBaseEnv))
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	client := egress.New(egress.Config{Stage: env["STAGE"], Timeout: 10 * time.Second})
	// A redirect is an endpoint's answer, not a place to follow the event to.
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	sq := sqsq.NewClient(cfg, os.Getenv)
	queue := sqsq.New(sq, env["PLATFORM_EVENT_QUEUE_URL"])
	store := dynamo.New(ddb.NewFromConfig(cfg), env["TABLE_NAME"])
	svc := &eventdelivery.Service{
		Endpoints: store, Log: store, Queue: queue, DeadLetters: sqsq.New(sq, env["PLATFORM_EVENT_DLQ_URL"]),
		Secrets: ssm.New(cfg, env["SSM_PREFIX"], 5*time.Minute),
		HTTP:    client, RetryBase: retryBase, UserAgent: "PropLink-Chat-Events/1", Now: time.Now,
		Metrics: obs.NewMetrics(os.Stdout, "platform-events"),
	}
	if name := os.Getenv("PLATFORM_EVENT_BUS_NAME"); name != "" {
		svc.Bus = eventbus.New(eventbus.NewClient(cfg, os.Getenv), name)
	}
	h := &eventdelivery.Handler{Service: svc, MaxReceives: maxReceives, Visibility: queue}
	lambda.Start(func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		return h.Handle(obs.WithLogger(ctx, log), ev)
	})
}

// retryBase reads the optional backoff override: eventdelivery.DefaultRetryBase when unset.
func retryBase(v string) (time.Duration, error) {
	if v == "" {
		return eventdelivery.DefaultRetryBase, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q is not a positive duration", eventdelivery.RetryBaseEnv, v)
	}
	return d, nil
}
