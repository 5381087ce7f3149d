package sqsq

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

// EventQueue puts emitted platform events on the platform event queue (FIFO): one message
// group per organisation and subject, the event id as the deduplication id, so an event
// emitted twice within SQS's five-minute window is queued once.
type EventQueue struct{ queue sender }

// NewEventQueue returns the emitter over the platform event queue.
func NewEventQueue(q sender) *EventQueue { return &EventQueue{queue: q} }

// Publish queues the events, one message each, in order.
func (e *EventQueue) Publish(ctx context.Context, evs ...platformevent.Event) error {
	for _, ev := range evs {
		m := messaging.QueueMessage{Body: platformevent.Record{Event: ev}, GroupID: platformevent.Group(ev), DeduplicationID: ev.ID}
		if err := e.queue.Send(ctx, m); err != nil {
			return fmt.Errorf("sqsq: publish %s %s: %w", ev.Type, ev.ID, err)
		}
	}
	return nil
}
