package sqsq

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

func TestEventQueuePublishesInOrderOnTheSubjectsGroup(t *testing.T) {
	q := &fakeQueue{}
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	a, _ := platformevent.New("o1", platformevent.KindMessageReceived, "conv1", "wamid.1", at, nil)
	b, _ := platformevent.New("o1", platformevent.KindOptedOut, "conv1", "wamid.1", at, nil)
	if err := NewEventQueue(q).Publish(context.Background(), a, b); err != nil {
		t.Fatal(err)
	}
	want := []messaging.QueueMessage{
		{Body: platformevent.Record{Event: a}, GroupID: platformevent.Group(a), DeduplicationID: a.ID},
		{Body: platformevent.Record{Event: b}, GroupID: platformevent.Group(b), DeduplicationID: b.ID},
	}
	if diff := cmp.Diff(want, q.sent); diff != "" {
		t.Errorf("sent (-want +got):\n%s", diff)
	}
	if platformevent.Group(a) != platformevent.Group(b) {
		t.Error("two events of one conversation in two groups; want one, for their order")
	}
}
