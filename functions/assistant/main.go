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
	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/proplink/chat/shared/assistant/turnqueue"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "assistant")
	env, err := lambdaenv.Require("TABLE_NAME", "SSM_PREFIX", "GRAPH_API_VERSION", "STAGE")
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	store := dynamo.New(awsdynamodb.NewFromConfig(cfg), env["TABLE_NAME"])
	metrics := obs.NewMetrics(os.Stdout, "assistant")
	// The engine: assistant.Service (with a sending.Replier, store.StaffLinks(), store.Auditor())
	// replaces the relay here once it lands.
	var engine turnqueue.Engine = &turnqueue.StaffRelay{Sessions: store.Sessions(), Flags: store.Handovers(), Now: time.Now}
	h := &turnqueue.Handler{Engine: engine, Handovers: store.Handovers(), Metrics: metrics, Now: time.Now}
	lambda.Start(func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		return h.Handle(obs.WithLogger(ctx, log), ev)
	})
}
