package inbound

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/consume"
	"github.com/proplink/chat/shared/whatsapp"
)

// Handler is the inbound queue's Lambda handler.
type Handler struct {
	Processor interface {
		Process(ctx context.Context, in whatsapp.Inbound) error
	}
}

// Handle processes each record by the queue-consumer policy (package consume). Records of one
// message group (a business number and a person) keep their order: once one fails, the group's
// later records in the batch are retried untouched; other groups go on. An unreadable record
// is dead-lettered.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	c := consume.Consumer[whatsapp.Inbound]{
		Name: "inbound event", Decode: Decode, Attempt: h.attempt,
		Attrs: func(in whatsapp.Inbound) []any { return []any{"org_id", in.OrgID, "kind", in.Event.Kind()} },
	}
	return c.Handle(ctx, ev)
}

// attempt processes one event; an event another attempt holds is retried without alarm.
func (h *Handler) attempt(ctx context.Context, in whatsapp.Inbound, _ consume.Delivery) consume.Outcome {
	err := h.Processor.Process(ctx, in)
	if errors.Is(err, errBusy) {
		return consume.Outcome{Action: consume.Retry, Reason: "held by another attempt"}
	}
	return consume.Of(err)
}

// Decode reads an inbound queue body: a whatsapp.Inbound with an organisation and exactly one
// event payload.
func Decode(body []byte) (whatsapp.Inbound, error) {
	var in whatsapp.Inbound
	if err := json.Unmarshal(body, &in); err != nil {
		return whatsapp.Inbound{}, errors.New("inbound: body is not an inbound event: " + err.Error())
	}
	if in.OrgID == "" || in.Event.Kind() == "" {
		return whatsapp.Inbound{}, errors.New("inbound: event without an organisation or with other than one payload")
	}
	return in, nil
}
