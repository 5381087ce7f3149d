package turnqueue

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/sqsq"
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

// Handle answers each record and reports the ones to retry. Records of one conversation keep
// their order: once one fails, the group's later records in the batch are retried untouched.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	return sqsq.HandleInOrder(ev, func(rec events.SQSMessage) bool { return h.handleOne(ctx, rec) }), nil
}

// handleOne makes one attempt at a record and reports whether it is done with.
func (h *Handler) handleOne(ctx context.Context, rec events.SQSMessage) bool {
	log := obs.Logger(ctx).With("sqs_message_id", rec.MessageId)
	t, err := Decode([]byte(rec.Body))
	if err != nil {
		// Unreadable: retried into the DLQ, where an operator sees it; never dropped unseen.
		log.Error("unreadable assistant turn", "error", err)
		return false
	}
	log = log.With("org_id", t.OrgID, "message_id", t.MessageID, "conversation_id", t.ConversationID)
	ctx = obs.WithLogger(ctx, log)
	if h.Handovers != nil {
		staff, err := h.Handovers.StaffActive(ctx, t.OrgID, t.ConversationID, h.Now())
		if err != nil {
			log.Error("handover state unreadable", "error", err)
			return false
		}
		if staff {
			h.Metrics.Count(MetricTurnsQuiet, 1, nil)
			log.Info("assistant quiet: staff have the conversation")
			return true
		}
	}
	err = h.Engine.Handle(ctx, t)
	switch {
	case err == nil:
		h.Metrics.Count(MetricTurns, 1, map[string]string{"Outcome": "answered"})
		log.Info("assistant turn done")
		return true
	case Retryable(err):
		log.Warn("assistant turn failed; retrying", "error", err)
		return false
	}
	h.Metrics.Count(MetricTurnsDropped, 1, map[string]string{"Reason": string(messaging.ErrorCode(err))})
	log.Error("assistant turn failed for good", "error", err)
	return true
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
