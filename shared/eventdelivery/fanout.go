package eventdelivery

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/proplink/chat/shared/consume"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

// GroupOf is the message group of an emitted event: its organisation and subject, so one
// subject's events fan out in the order they were emitted.
func GroupOf(ev platformevent.Event) string { return "e-" + digest(ev.OrgID, ev.Subject) }

// deliveryGroup is the message group of a delivery record: the endpoint and the event's
// subject, so one endpoint's failures hold back only its own records of that subject.
func deliveryGroup(endpointID string, ev platformevent.Event) string {
	return "d-" + endpointID + "-" + digest(ev.OrgID, ev.Subject)
}

// digest shortens an organisation and subject into a group id SQS accepts (≤ 128 characters
// of its alphabet).
func digest(orgID, subject string) string {
	sum := sha256.Sum256([]byte(orgID + "\x00" + subject))
	return hex.EncodeToString(sum[:20])
}

// fanOut puts one delivery record per endpoint that wants the event on the queue, and the
// event on the bus. A repeat (a retried fan-out) puts the same records, which the queue's
// deduplication and the receivers' dedupe by event id absorb.
func (s *Service) fanOut(ctx context.Context, ev platformevent.Event) consume.Outcome {
	eps, err := s.Endpoints.ListEndpoints(ctx, ev.OrgID)
	if err != nil {
		return consume.Of(fmt.Errorf("eventdelivery: endpoints of %s: %w", ev.OrgID, err))
	}
	for _, ep := range eps {
		if !ep.Wants(ev.Type) {
			continue
		}
		m := messaging.QueueMessage{Body: Record{Event: ev, EndpointID: ep.ID},
			GroupID: deliveryGroup(ep.ID, ev), DeduplicationID: ev.ID + "-" + ep.ID}
		if err := s.Queue.Send(ctx, m); err != nil {
			return consume.Of(fmt.Errorf("eventdelivery: queue %s for endpoint %s: %w", ev.ID, ep.ID, err))
		}
	}
	if s.Bus != nil {
		if err := s.Bus.Put(ctx, []platformevent.Event{ev}); err != nil {
			return consume.Of(fmt.Errorf("eventdelivery: put %s on the bus: %w", ev.ID, err))
		}
	}
	return consume.Outcome{Action: consume.Done, Reason: "fanned out"}
}
