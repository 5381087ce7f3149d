package sending

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/sqsq"
)

// Visibility hides a received queue message for a while (the retry delay).
type Visibility interface {
	ChangeVisibility(ctx context.Context, receiptHandle string, d time.Duration) error
}

// maxVisibility is SQS's ceiling on a visibility timeout.
const maxVisibility = 12 * time.Hour

// Handler is the outbound queue's Lambda handler.
type Handler struct {
	Sender     *Sender
	Visibility Visibility
	// MaxReceives is the outbound queue's maxReceiveCount: a message not done on that
	// receive goes to the dead-letter queue, and its note says so first. Zero notes nothing.
	MaxReceives int
}

// Handle sends each record and reports the ones to retry. Records of one message group keep
// their order: once one fails, the group's later records in the batch are retried untouched.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	return sqsq.HandleInOrder(ev, func(rec events.SQSMessage) bool { return h.handleOne(ctx, rec) }), nil
}

// handleOne makes one attempt at a record and reports whether it is done with.
func (h *Handler) handleOne(ctx context.Context, rec events.SQSMessage) bool {
	log := obs.Logger(ctx).With("sqs_message_id", rec.MessageId)
	var msg messaging.OutboundMessage
	if err := json.Unmarshal([]byte(rec.Body), &msg); err != nil || msg.ID == "" || msg.OrgID == "" {
		// A message that can never be read goes to the DLQ through its retries, where an
		// operator sees it; it is not dropped.
		log.Error("unreadable outbound message", "error", err)
		return false
	}
	log = log.With("org_id", msg.OrgID, "message_id", msg.ID, "recipient", msg.Recipient)
	receives, _ := strconv.Atoi(rec.Attributes["ApproximateReceiveCount"])
	out, err := h.Sender.Send(ctx, msg, receives)
	if err == nil && !out.Retry {
		log.Info("outbound message done", "outcome", out.Reason, "receive_count", receives)
		return true
	}
	if err != nil {
		log.Error("send attempt failed", "error", err, "receive_count", receives)
	}
	if h.MaxReceives > 0 && receives >= h.MaxReceives {
		// The last receive: SQS moves the message to the dead-letter queue next. Note it on
		// the job now (a consumer of the DLQ would have to delete it there, which would
		// break redrive) and let it go at once.
		reason := out.Reason
		if err != nil {
			reason = "an internal error"
		}
		h.Sender.deadLetter(ctx, msg, h.MaxReceives, reason)
		if verr := h.Visibility.ChangeVisibility(ctx, rec.ReceiptHandle, 0); verr != nil {
			log.Warn("could not release a dead-lettered message", "error", verr)
		}
		log.Error("outbound message dead-lettered", "reason", reason, "receive_count", receives)
		return false
	}
	if err != nil {
		return false
	}
	delay := min(out.Delay, maxVisibility)
	if err := h.Visibility.ChangeVisibility(ctx, rec.ReceiptHandle, delay); err != nil {
		log.Warn("could not set retry delay", "error", err)
	}
	log.Info("outbound message held", "reason", out.Reason, "delay_ms", delay.Milliseconds(), "receive_count", receives)
	return false
}
