package assistant

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/platformevent"
	"github.com/proplink/chat/shared/property"
)

// EventPublisher emits platform events (sqsq.EventQueue on PlatformEventQueue is one).
type EventPublisher interface {
	Publish(ctx context.Context, evs ...platformevent.Event) error
}

// emit tells the organisation's platform of a write the turn made, in the order of the
// conversation. It runs before the turn is claimed, so a failure retries the turn: the write
// repeats with its idempotency key and the event with the same id (derived from the record's
// reference and the asking message). Without a publisher it does nothing.
func (c *conv) emit(ctx context.Context, kind platformevent.Kind, ref, messageID string, data any) error {
	if c.s.Events == nil {
		return nil
	}
	ev, err := platformevent.New(c.t.OrgID, kind, c.t.ConversationID, ref+"#"+messageID, c.now, data)
	if err != nil {
		return err
	}
	if err := c.s.Events.Publish(ctx, ev); err != nil {
		return fmt.Errorf("assistant: emit %s of %s: %w", kind, ref, err)
	}
	return nil
}

// ticketCreated emits ticket.created for a ticket the turn raised.
func (c *conv) ticketCreated(ctx context.Context, r *request, tk property.Ticket) error {
	return c.emit(ctx, platformevent.KindTicketCreated, tk.Ref, r.origin.MessageID, platformevent.TicketCreated{
		Ref: tk.Ref, Category: tk.Category, Priority: tk.Priority, Subject: tk.Title, ConversationID: c.t.ConversationID, CreatedAt: c.now,
	})
}

// workOrderUpdated emits work_order.updated for a work order the turn moved on or added to.
func (c *conv) workOrderUpdated(ctx context.Context, r *request, w property.WorkOrder) error {
	return c.emit(ctx, platformevent.KindWorkOrderUpdated, w.Ref, r.origin.MessageID, platformevent.WorkOrderUpdated{
		Ref: w.Ref, Status: w.Status, ConversationID: c.t.ConversationID, UpdatedAt: c.now,
	})
}
