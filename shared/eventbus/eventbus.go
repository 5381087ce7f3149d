// Package eventbus is the EventBridge adapter: it puts platform events on one event bus, for
// AWS-native consumers, with source "proplink.chat", the event's kind as detail-type and the
// event's JSON (the body an endpoint receives) as detail. It calls EventBridge through its own
// small client (Client: PutEvents over the service's JSON protocol) rather than the SDK's, whose
// schemas cost every cold start of the function that may put events.
package eventbus

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/proplink/chat/shared/platformevent"
)

// Source is the source of every event the back-end puts on the bus.
const Source = "proplink.chat"

// maxBatch is PutEvents' limit of entries per call.
const maxBatch = 10

// api is the part of EventBridge the bus uses (Client is it).
type api interface {
	// PutEvents puts up to 10 entries and returns one result per entry, in order.
	PutEvents(ctx context.Context, entries []Entry) ([]Result, error)
}

// Bus puts events on one event bus.
//
// Requests per call: Put 1 PutEvents per 10 events.
type Bus struct {
	eb   api
	name string
}

// New returns the bus named name (or its ARN) on client.
func New(client *Client, name string) *Bus { return &Bus{eb: client, name: name} }

// Put puts the events on the bus; an entry the bus refuses fails the call (a retry puts the
// batch again, and consumers dedupe by the event id in the detail).
func (b *Bus) Put(ctx context.Context, evs []platformevent.Event) error {
	for len(evs) > 0 {
		batch := evs[:min(maxBatch, len(evs))]
		evs = evs[len(batch):]
		entries := make([]Entry, 0, len(batch))
		for _, ev := range batch {
			detail, err := json.Marshal(ev)
			if err != nil {
				return fmt.Errorf("eventbus: encode %s: %w", ev.ID, err)
			}
			entries = append(entries, Entry{EventBusName: b.name, Source: Source, DetailType: string(ev.Type),
				Detail: string(detail), Time: ev.CreatedAt})
		}
		res, err := b.eb.PutEvents(ctx, entries)
		if err != nil {
			return fmt.Errorf("eventbus: put %d events on %s: %w", len(entries), b.name, err)
		}
		for i, r := range res {
			if r.ErrorCode != "" {
				return fmt.Errorf("eventbus: %s refused %s: %s %s", b.name, batch[i].ID, r.ErrorCode, r.ErrorMessage)
			}
		}
	}
	return nil
}
