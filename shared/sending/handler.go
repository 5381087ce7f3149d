package sending

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/consume"
	"github.com/proplink/chat/shared/messaging"
)

// Visibility hides a received queue message for a while (the retry delay).
type Visibility = consume.Visibility

// Handler is the outbound queue's Lambda handler.
type Handler struct {
	Sender     *Sender
	Visibility Visibility
	// MaxReceives is the outbound queue's maxReceiveCount: a message not done on that
	// receive goes to the dead-letter queue, and its note says so first. Zero notes nothing.
	MaxReceives int
}

// Handle sends each record by the queue-consumer policy (package consume). Records of one
// message group keep their order; an unreadable record is dead-lettered.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	c := consume.Consumer[messaging.OutboundMessage]{
		Name: "outbound message", Decode: decodeOutbound, Attempt: h.attempt,
		Attrs: func(m messaging.OutboundMessage) []any {
			return []any{"org_id", m.OrgID, "message_id", m.ID, "recipient", m.Recipient}
		},
		// The last receive: note the failure on the job now (a consumer of the DLQ would
		// have to delete the message there, which would break redrive).
		OnLastReceive: func(ctx context.Context, m messaging.OutboundMessage, out consume.Outcome) {
			reason := out.Reason
			if out.Err != nil {
				reason = "an internal error"
			}
			h.Sender.deadLetter(ctx, m, h.MaxReceives, reason)
		},
		MaxReceives: h.MaxReceives, Visibility: h.Visibility,
	}
	return c.Handle(ctx, ev)
}

// decodeOutbound reads an outbound queue body: a message with an id and an organisation.
func decodeOutbound(body []byte) (messaging.OutboundMessage, error) {
	var m messaging.OutboundMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return m, err
	}
	if m.ID == "" || m.OrgID == "" {
		return m, errors.New("sending: outbound message without an id or organisation")
	}
	return m, nil
}

// attempt makes one attempt at a message: the sender's Outcome maps onto the policy's.
func (h *Handler) attempt(ctx context.Context, m messaging.OutboundMessage, d consume.Delivery) consume.Outcome {
	out, err := h.Sender.Send(ctx, m, d.Receives)
	switch {
	case err != nil:
		return consume.Of(err)
	case out.Retry:
		return consume.Outcome{Action: consume.Retry, Delay: out.Delay, Reason: out.Reason}
	}
	return consume.Outcome{Action: consume.Done, Reason: out.Reason}
}
