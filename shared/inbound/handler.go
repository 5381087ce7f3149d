package inbound

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/whatsapp"
)

// Handler is the inbound queue's Lambda handler.
type Handler struct {
	Processor interface {
		Process(ctx context.Context, in whatsapp.Inbound) error
	}
}

// Handle processes each record and reports the ones to retry. Records of one message group (a
// business number and a person) keep their order: once one fails, the group's later records in
// the batch are retried untouched; other groups go on.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	return sqsq.HandleInOrder(ev, func(rec events.SQSMessage) bool { return h.handleOne(ctx, rec) }), nil
}

// handleOne makes one attempt at a record and reports whether it is done with.
func (h *Handler) handleOne(ctx context.Context, rec events.SQSMessage) bool {
	log := obs.Logger(ctx).With("sqs_message_id", rec.MessageId)
	in, err := Decode([]byte(rec.Body))
	if err != nil {
		// Unreadable: retried into the DLQ, where an operator sees it; never dropped.
		log.Error("unreadable inbound event", "error", err)
		return false
	}
	log = log.With("org_id", in.OrgID, "kind", in.Event.Kind())
	if err := h.Processor.Process(obs.WithLogger(ctx, log), in); err != nil {
		if errors.Is(err, errBusy) {
			log.Info("inbound event held by another attempt")
		} else {
			log.Error("inbound event failed", "error", err)
		}
		return false
	}
	log.Info("inbound event done")
	return true
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
