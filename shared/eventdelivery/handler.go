package eventdelivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/consume"
	"github.com/proplink/chat/shared/platformevent"
)

// Handler is the platform event queue's Lambda handler.
type Handler struct {
	Service *Service
	// MaxReceives is the queue's maxReceiveCount: the last receive's failure is logged as
	// dead-lettered.
	MaxReceives int
	// Visibility applies the retry backoff (the event queue itself).
	Visibility consume.Visibility
}

// Handle fans out or delivers each record by the queue-consumer policy (package consume).
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	c := consume.Consumer[platformevent.Record]{
		Name: "platform event", Decode: Decode, MaxReceives: h.MaxReceives, Visibility: h.Visibility,
		Attrs: func(r platformevent.Record) []any {
			return []any{"org_id", r.Event.OrgID, "event_id", r.Event.ID, "event_type", r.Event.Type, "endpoint_id", r.EndpointID}
		},
		Attempt: func(ctx context.Context, r platformevent.Record, d consume.Delivery) consume.Outcome {
			if r.EndpointID == "" {
				return h.Service.fanOut(ctx, r.Event)
			}
			return h.Service.deliver(ctx, r, d)
		},
	}
	return c.Handle(ctx, ev)
}

// Decode reads a record of the platform event queue.
func Decode(body []byte) (platformevent.Record, error) {
	var r platformevent.Record
	if err := json.Unmarshal(body, &r); err != nil {
		return platformevent.Record{}, fmt.Errorf("eventdelivery: decode: %w", err)
	}
	if r.Event.ID == "" || r.Event.OrgID == "" || !r.Event.Type.Known() || r.Event.Subject == "" {
		return platformevent.Record{}, fmt.Errorf("eventdelivery: record without an event id, organisation, known type or subject")
	}
	return r, nil
}

// redact keeps an endpoint URL's path and query (which may carry a receiver's token) out of an
// error: only the scheme and host stay.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			return fmt.Errorf("%s %s://%s: %w", ue.Op, u.Scheme, u.Host, ue.Err)
		}
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
