package consume

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/obs"
)

// maxVisibility is SQS's ceiling on a visibility timeout.
const maxVisibility = 12 * time.Hour

// Visibility hides a received record for a while (sqsq.Queue is one).
type Visibility interface {
	ChangeVisibility(ctx context.Context, receiptHandle string, d time.Duration) error
}

// Delivery is what SQS says about one receive of a record.
type Delivery struct {
	// MessageID is SQS's id of the record.
	MessageID string
	// Receives is SQS's ApproximateReceiveCount, this receive included (0 when absent).
	Receives int
	// Last says this is the last receive: a record not finished now goes to the DLQ next.
	Last bool
}

// Consumer drains one queue whose records decode to T. Decode and Attempt are required.
type Consumer[T any] struct {
	// Name names a record in the logs ("outbound message").
	Name string
	// Decode reads a record's body; an error makes the record a DeadLetter.
	Decode func(body []byte) (T, error)
	// Attrs returns the log attributes of a decoded record (ids; phones are masked by obs).
	Attrs func(msg T) []any
	// Attempt makes one attempt at a record. Its context's logger carries the record's
	// attributes.
	Attempt func(ctx context.Context, msg T, d Delivery) Outcome
	// OnLastReceive, when set, runs once for a decoded record on its last receive when the
	// attempt did not finish it, before the record goes to the DLQ. It must not fail.
	OnLastReceive func(ctx context.Context, msg T, out Outcome)
	// MaxReceives is the queue's maxReceiveCount (from the template); zero knows no last
	// receive.
	MaxReceives int
	// Visibility, when set, applies retry delays and lets dead letters go at once; without
	// it a record stays hidden for the queue's visibility timeout.
	Visibility Visibility
}

// Handle runs the consumer over a batch and reports the records that stay on the queue
// (partial batch response). It never returns an error: a failure is a record's, not the batch's.
func (c *Consumer[T]) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	blocked := map[string]bool{}
	for _, rec := range ev.Records {
		group := rec.Attributes["MessageGroupId"]
		failed := group != "" && blocked[group]
		if !failed {
			failed = c.one(ctx, rec).Failed()
		}
		if failed {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: rec.MessageId})
			if group != "" {
				blocked[group] = true
			}
		}
	}
	return resp, nil
}

// one decodes a record, makes one attempt at it and carries out the outcome.
func (c *Consumer[T]) one(ctx context.Context, rec events.SQSMessage) Outcome {
	receives, _ := strconv.Atoi(rec.Attributes["ApproximateReceiveCount"])
	d := Delivery{MessageID: rec.MessageId, Receives: receives, Last: c.MaxReceives > 0 && receives >= c.MaxReceives}
	log := obs.Logger(ctx).With("sqs_message_id", rec.MessageId, "receive_count", receives)
	msg, err := c.Decode([]byte(rec.Body))
	if err != nil {
		out := Outcome{Action: DeadLetter, Reason: "unreadable " + c.Name, Err: err}
		c.settle(ctx, log, rec, d, out)
		return out
	}
	if c.Attrs != nil {
		log = log.With(c.Attrs(msg)...)
	}
	ctx = obs.WithLogger(ctx, log)
	out := c.Attempt(ctx, msg, d)
	if out.Failed() && d.Last && c.OnLastReceive != nil {
		c.OnLastReceive(ctx, msg, out)
	}
	c.settle(ctx, log, rec, d, out)
	return out
}

// settle changes the record's visibility as its outcome asks and logs the outcome once.
func (c *Consumer[T]) settle(ctx context.Context, log *slog.Logger, rec events.SQSMessage, d Delivery, out Outcome) {
	attrs := []any{"outcome", out.Action.String(), "reason", out.Reason}
	if out.Err != nil {
		attrs = append(attrs, "error", out.Err)
	}
	switch {
	case out.Action == Done:
		log.Info(c.Name+" done", attrs...)
		return
	case out.Action == Drop:
		log.Warn(c.Name+" dropped", attrs...)
		return
	case out.Action == DeadLetter || d.Last:
		c.setVisibility(ctx, log, rec, 0)
		if d.Last {
			log.Error(c.Name+" going to the dead-letter queue", attrs...)
		} else {
			log.Error(c.Name+" cannot succeed; retried into the dead-letter queue", attrs...)
		}
		return
	}
	delay := min(out.Delay, maxVisibility)
	if delay > 0 {
		c.setVisibility(ctx, log, rec, delay)
		attrs = append(attrs, "delay_ms", delay.Milliseconds())
	}
	if out.Err != nil {
		log.Error(c.Name+" failed; will retry", attrs...)
	} else {
		log.Info(c.Name+" held", attrs...)
	}
}

func (c *Consumer[T]) setVisibility(ctx context.Context, log *slog.Logger, rec events.SQSMessage, d time.Duration) {
	if c.Visibility == nil {
		return
	}
	if err := c.Visibility.ChangeVisibility(ctx, rec.ReceiptHandle, d); err != nil {
		log.Warn("could not change the visibility of "+c.Name, "error", err, "visibility_ms", d.Milliseconds())
	}
}
