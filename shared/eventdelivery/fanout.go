package eventdelivery

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/consume"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

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
		m := messaging.QueueMessage{Body: platformevent.Record{Event: ev, EndpointID: ep.ID},
			GroupID: platformevent.DeliveryGroup(ep.ID, ev), DeduplicationID: platformevent.DeliveryDedupe(ep.ID, ev)}
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
