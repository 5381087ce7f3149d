package turnqueue

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/consume"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// Engine answers one turn (assistant.Service is one). Handle must be safe to repeat for the
// same turn: the queue delivers at least once.
type Engine interface {
	Handle(ctx context.Context, t assistant.Turn) error
}

// Metrics counts what happened.
type Metrics interface {
	Count(name string, value float64, dims map[string]string)
}

// The metrics the handler emits (CloudWatch EMF, namespace obs.Namespace).
const (
	MetricTurns        = "AssistantTurns"        // turns handed to the engine, by Outcome
	MetricTurnsQuiet   = "AssistantTurnsQuiet"   // turns not answered: staff have the conversation
	MetricTurnsDropped = "AssistantTurnsDropped" // turns that failed for good, by Reason
)

// Handler is AssistantQueue's Lambda handler.
type Handler struct {
	Engine Engine
	// Handovers, when set, keeps the assistant quiet in conversations staff have taken over.
	Handovers assistant.Handovers
	Metrics   Metrics
	Now       func() time.Time
}

// Handle answers each record by the queue-consumer policy (package consume). Records of one
// conversation keep their order: once one fails, the group's later records in the batch are
// retried untouched. An unreadable record is dead-lettered; a turn that failed for good is
// dropped and counted.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	c := consume.Consumer[assistant.Turn]{
		Name: "assistant turn", Decode: Decode, Attempt: h.attempt,
		Attrs: func(t assistant.Turn) []any {
			return []any{"org_id", t.OrgID, "message_id", t.MessageID, "conversation_id", t.ConversationID}
		},
	}
	return c.Handle(ctx, ev)
}

// attempt answers one turn, unless staff have the conversation.
func (h *Handler) attempt(ctx context.Context, t assistant.Turn, _ consume.Delivery) consume.Outcome {
	if h.Handovers != nil {
		staff, err := h.Handovers.StaffActive(ctx, t.OrgID, t.ConversationID, h.Now())
		if err != nil {
			return consume.Outcome{Action: consume.Retry, Reason: "handover state unreadable", Err: err}
		}
		if staff {
			h.Metrics.Count(MetricTurnsQuiet, 1, nil)
			return consume.Outcome{Action: consume.Done, Reason: "assistant quiet: staff have the conversation"}
		}
	}
	err := h.Engine.Handle(ctx, t)
	switch {
	case err == nil:
		h.Metrics.Count(MetricTurns, 1, map[string]string{"Outcome": "answered"})
		return consume.Outcome{Action: consume.Done, Reason: "answered"}
	case Retryable(err):
		return consume.Outcome{Action: consume.Retry, Reason: "failed; retrying", Err: err}
	}
	h.Metrics.Count(MetricTurnsDropped, 1, map[string]string{"Reason": string(messaging.ErrorCode(err))})
	return consume.Outcome{Action: consume.Drop, Reason: "failed for good: " + err.Error(), Err: err}
}

// Retryable says whether a failed turn may succeed later: throttling, timeouts, a provider's
// transient failure, a concurrent change of the session and anything unclassified (a network
// or AWS failure) are; a refusal for good (invalid, not found, forbidden, unprocessable, not
// configured, or a provider's permanent, blocked or auth failure) is not, and retrying it would
// only take the turn to the DLQ later.
func Retryable(err error) bool {
	var pe *whatsapp.Error
	if errors.As(err, &pe) || errors.Is(err, whatsapp.ErrInvalidMessage) {
		c := whatsapp.Classify(err)
		return c == whatsapp.Retry || c == whatsapp.Pace
	}
	var me *messaging.Error
	if !errors.As(err, &me) {
		return true
	}
	switch me.Code {
	case messaging.CodeInvalid, messaging.CodeNotConfigured, messaging.CodeForbidden, messaging.CodeNotFound,
		messaging.CodeUnprocessable, messaging.CodeProviderRejected, messaging.CodeUnauthenticated:
		return false
	}
	return true
}
