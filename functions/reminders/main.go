// Command reminders sends each appointment one appointment_reminder template the day before,
// by local time, on an EventBridge Scheduler cadence (RemindersFunction).
package main

import (
	"context"
	"encoding/json"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/reminders"
	"github.com/proplink/chat/shared/sqsq"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "reminders")
	env, err := lambdaenv.Require("TABLE_NAME", "OUTBOUND_QUEUE_URL", "CASE_NOTE_QUEUE_URL")
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	sq := sqsq.NewClient(cfg, os.Getenv)
	store := dynamo.New(ddb.NewFromConfig(cfg), env["TABLE_NAME"])
	outbound := sqsq.New(sq, env["OUTBOUND_QUEUE_URL"])
	h := &reminders.Handler{
		Store: store, Templates: store,
		NewOutbox: func() reminders.Outbox { return sqsq.NewOutbox(outbound, store) },
		Notes:     sqsq.NewNoteQueue(sqsq.New(sq, env["CASE_NOTE_QUEUE_URL"])),
		Metrics:   obs.NewMetrics(os.Stdout, "reminders"),
		Now:       time.Now,
	}
	lambda.Start(func(ctx context.Context, _ json.RawMessage) error {
		return h.Handle(obs.WithLogger(ctx, log))
	})
}
