package webhook

import (
	"context"
	"errors"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/consume"
)

// SocialHandler is the End User Messaging Social events queue's Lambda handler: each record is
// one event the service published on the events topic, delivered raw by the queue's
// subscription (an SNS envelope is read too).
type SocialHandler struct {
	Service *Service
	// Visibility is the events queue: an unusable event is made visible at once, so it reaches
	// the dead-letter queue after its receives in seconds rather than minutes. Nil leaves every
	// failed record hidden for the queue's visibility timeout.
	Visibility consume.Visibility
}

// Handle delivers each record by the queue-consumer policy (package consume): a record on the
// inbound queue is done, one DeliverSocial finds unusable is dead-lettered for inspection, and
// any other failure is retried alone (the events queue is standard; the inbound queue's
// message groups keep each person's order from there on).
func (h *SocialHandler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	c := consume.Consumer[[]byte]{
		Name:       "social-messaging event",
		Decode:     func(body []byte) ([]byte, error) { return body, nil },
		Attempt:    h.attempt,
		Visibility: h.Visibility,
	}
	return c.Handle(ctx, ev)
}

// attempt delivers one event onto the inbound queue.
func (h *SocialHandler) attempt(ctx context.Context, body []byte, _ consume.Delivery) consume.Outcome {
	err := h.Service.DeliverSocial(ctx, body)
	switch {
	case err == nil:
		return consume.Outcome{Action: consume.Done}
	case errors.Is(err, ErrUnusableEvent):
		return consume.Outcome{Action: consume.DeadLetter, Reason: "unusable event", Err: err}
	}
	return consume.Outcome{Action: consume.Retry, Reason: "not delivered", Err: err}
}
