// Command reminders sends each appointment one appointment_reminder template the day before,
// by local time, on an EventBridge Scheduler cadence (RemindersFunction).
package main

import (
	"context"
	"encoding/json"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"

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
	sq := awssqs.NewFromConfig(cfg)
	h := &handler{
		store:    dynamo.New(awsdynamodb.NewFromConfig(cfg), env["TABLE_NAME"]),
		outbound: sqsq.New(sq, env["OUTBOUND_QUEUE_URL"]),
		notes:    sqsq.New(sq, env["CASE_NOTE_QUEUE_URL"]),
		metrics:  obs.NewMetrics(os.Stdout, "reminders"),
		now:      time.Now,
	}
	lambda.Start(func(ctx context.Context, _ json.RawMessage) error {
		return h.run(obs.WithLogger(ctx, log))
	})
}

// handler runs one scheduled pass; every pass builds fresh per-run caches.
type handler struct {
	store    *dynamo.Store
	outbound queue
	notes    queue
	metrics  *obs.Metrics
	now      func() time.Time
}

// run reminds every due appointment and logs what it did. Per-appointment failures are logged
// and counted but do not fail the invocation: the next run (15 minutes later) retries them, and
// a Lambda retry now would only repeat the same work. The invocation fails when a query of the
// index failed and nothing was read. A run that nears the Lambda's deadline stops taking work
// (reminders.DefaultMargin before it) and logs a warning; the next run does the rest.
func (h *handler) run(ctx context.Context) error {
	start := time.Now()
	svc := reminders.NewService(h.store,
		&outbox{queue: h.outbound, settings: h.store, phoneIDs: map[string]string{}},
		&noteQueue{queue: h.notes},
		(&renderer{store: h.store, templates: map[string]templateOrErr{}}).render)
	svc.Now = h.now
	rep, err := svc.Run(ctx)
	log := obs.Logger(ctx)
	attrs := []any{"scanned", rep.Scanned, "due", rep.Due, "enqueued", rep.Enqueued,
		"already_sent", rep.AlreadySent, "skipped_opt_out", rep.SkippedOptOut, "skipped_no_phone", rep.SkippedNoPhone,
		"deferred", rep.Deferred, "skipped_quiet", rep.SkippedQuiet, "changed", rep.Changed,
		"unfinished", rep.Unfinished, "stopped", rep.Stopped, "failed", rep.Failed,
		"duration_ms", time.Since(start).Milliseconds()}
	for name, v := range map[string]int{"RemindersEnqueued": rep.Enqueued, "RemindersSkipped": rep.SkippedOptOut + rep.SkippedNoPhone + rep.SkippedQuiet,
		"RemindersDeferred": rep.Deferred, "RemindersUnfinished": rep.Unfinished, "RemindersFailed": rep.Failed} {
		h.metrics.Count(name, float64(v), nil)
	}
	if err != nil {
		log.Error("reminders run finished with failures", append(attrs, "error", err.Error())...)
		if rep.Scanned == 0 {
			return err
		}
		return nil
	}
	if rep.Stopped {
		log.Warn("reminders run finished early for the deadline; the next run does the rest", attrs...)
		return nil
	}
	log.Info("reminders run finished", attrs...)
	return nil
}
