// Package eventbus is the EventBridge adapter: it puts platform events on one event bus, for
// AWS-native consumers, with source "proplink.chat", the event's kind as detail-type and the
// event's JSON (the body an endpoint receives) as detail.
package eventbus

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/proplink/chat/shared/platformevent"
)

// Source is the source of every event the back-end puts on the bus.
const Source = "proplink.chat"

// maxBatch is PutEvents' limit of entries per call.
const maxBatch = 10

// api is the part of the EventBridge client the bus uses.
type api interface {
	PutEvents(ctx context.Context, in *eventbridge.PutEventsInput, opts ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error)
}

// Bus puts events on one event bus.
//
// Requests per call: Put 1 PutEvents per 10 events.
type Bus struct {
	eb   api
	name string
}

// New returns the bus named name (or its ARN).
func New(client *eventbridge.Client, name string) *Bus { return &Bus{eb: client, name: name} }

// Put puts the events on the bus; an entry the bus refuses fails the call (a retry puts the
// batch again, and consumers dedupe by the event id in the detail).
func (b *Bus) Put(ctx context.Context, evs []platformevent.Event) error {
	for len(evs) > 0 {
		batch := evs[:min(maxBatch, len(evs))]
		evs = evs[len(batch):]
		entries := make([]types.PutEventsRequestEntry, 0, len(batch))
		for _, ev := range batch {
			detail, err := json.Marshal(ev)
			if err != nil {
				return fmt.Errorf("eventbus: encode %s: %w", ev.ID, err)
			}
			entries = append(entries, types.PutEventsRequestEntry{
				EventBusName: aws.String(b.name), Source: aws.String(Source), DetailType: aws.String(string(ev.Type)),
				Detail: aws.String(string(detail)), Time: aws.Time(ev.CreatedAt), Resources: []string{},
			})
		}
		out, err := b.eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entries})
		if err != nil {
			return fmt.Errorf("eventbus: put %d events on %s: %w", len(entries), b.name, err)
		}
		if out.FailedEntryCount > 0 {
			for i, e := range out.Entries {
				if e.ErrorCode != nil {
					return fmt.Errorf("eventbus: %s refused %s: %s", b.name, batch[i].ID, aws.ToString(e.ErrorCode))
				}
			}
			return fmt.Errorf("eventbus: %s refused %d events", b.name, out.FailedEntryCount)
		}
	}
	return nil
}
