package sqsq

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/reminders"
)

// fakeQueue records what reaches the queue; a batch holding a message to failTo fails as a
// whole, after taking its other messages (SQS fails entries, not batches), and a single send
// to failTo fails too.
type fakeQueue struct {
	mu      sync.Mutex
	sent    []messaging.QueueMessage
	batches int
	singles int
	failTo  string
}

func (q *fakeQueue) Send(_ context.Context, m messaging.QueueMessage) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.singles++
	return q.take(m)
}

func (q *fakeQueue) SendBatch(_ context.Context, ms []messaging.QueueMessage) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.batches++
	var err error
	for _, m := range ms {
		if e := q.take(m); e != nil {
			err = e
		}
	}
	return err
}

// take keeps m unless it goes to failTo; a repeated deduplication id is dropped, as FIFO does.
func (q *fakeQueue) take(m messaging.QueueMessage) error {
	if body, ok := m.Body.(messaging.OutboundMessage); ok && q.failTo != "" && body.Recipient == q.failTo {
		return errors.New("entry failed")
	}
	for _, s := range q.sent {
		if m.DeduplicationID != "" && s.DeduplicationID == m.DeduplicationID {
			return nil
		}
	}
	q.sent = append(q.sent, m)
	return nil
}

// fakeSettings answers every organisation's settings with business number 555, except noOrg's.
type fakeSettings struct {
	mu    sync.Mutex
	reads int
	noOrg string // GetSettings of this organisation fails
}

func (f *fakeSettings) GetSettings(_ context.Context, org string) (messaging.Settings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	if org == f.noOrg {
		return messaging.Settings{}, errors.New("no settings")
	}
	return messaging.Settings{OrgID: org, PhoneNumberID: "555"}, nil
}

func TestOutboxGroupsByConversationAndDedupesByID(t *testing.T) {
	q, st := &fakeQueue{}, &fakeSettings{}
	o := NewOutbox(q, st)
	ms := []messaging.OutboundMessage{{ID: "msg_rem_a", OrgID: "o1", Recipient: "+447700900001"}, {ID: "msg_rem_b", OrgID: "o1", Recipient: "+447700900001"}}
	if errs := o.Enqueue(context.Background(), ms); errors.Join(errs...) != nil {
		t.Fatal(errs)
	}
	got := []string{}
	for _, m := range q.sent {
		got = append(got, m.GroupID+" "+m.DeduplicationID)
	}
	want := []string{"o1#555#447700900001 msg_rem_a", "o1#555#447700900001 msg_rem_b"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("group and dedupe ids (-want +got):\n%s", diff)
	}
	if q.batches != 1 || q.singles != 0 {
		t.Errorf("requests: %d batches, %d singles; want one batch", q.batches, q.singles)
	}
	if st.reads != 1 {
		t.Errorf("settings reads: got %d, want 1 per organisation per run", st.reads)
	}
}

func TestOutboxPerMessageErrors(t *testing.T) {
	var ms []messaging.OutboundMessage
	for i := range reminders.MaxEnqueue {
		org := "o1"
		if i == 7 {
			org = "gone"
		}
		ms = append(ms, messaging.OutboundMessage{ID: fmt.Sprintf("msg_rem_%d", i), OrgID: org, Recipient: fmt.Sprintf("+44770090000%d", i)})
	}
	q, st := &fakeQueue{failTo: "+447700900003"}, &fakeSettings{noOrg: "gone"}
	o := NewOutbox(q, st)
	errs := o.Enqueue(context.Background(), ms)
	var failed []int
	for i, err := range errs {
		if err != nil {
			failed = append(failed, i)
		}
	}
	if diff := cmp.Diff([]int{3, 7}, failed); diff != "" {
		t.Errorf("failed messages (-want +got):\n%s", diff)
	}
	if got := len(q.sent); got != 8 {
		t.Errorf("messages on the queue = %d, want 8, each once", got)
	}
	if q.batches != 1 || q.singles != 9 {
		t.Errorf("requests: %d batches, %d singles; want one batch, then each of its 9 alone", q.batches, q.singles)
	}
}
