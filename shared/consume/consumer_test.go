package consume

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
)

// visibility records each receipt handle's last visibility change.
type visibility map[string]time.Duration

func (v visibility) ChangeVisibility(_ context.Context, rh string, d time.Duration) error {
	v[rh] = d
	return nil
}

// record is an SQS record of body in group on its receives-th receive.
func record(id, group, body string, receives int) events.SQSMessage {
	return events.SQSMessage{MessageId: id, ReceiptHandle: "rh-" + id, Body: body,
		Attributes: map[string]string{"MessageGroupId": group, "ApproximateReceiveCount": strconv.Itoa(receives)}}
}

func failures(resp events.SQSEventResponse) []string {
	var ids []string
	for _, f := range resp.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	return ids
}

// script is a consumer whose records' bodies name the outcome of their attempt.
func script(vis Visibility, maxReceives int) (*Consumer[string], *[]string, *[]string) {
	var attempted, last []string
	outcomes := map[string]Outcome{
		"done":      {Action: Done},
		"drop":      {Action: Drop, Reason: "refused"},
		"retry":     {Action: Retry, Err: errors.New("down")},
		"held":      {Action: Retry, Delay: 3 * time.Hour, Reason: "not before"},
		"held-long": {Action: Retry, Delay: 48 * time.Hour, Reason: "not before"},
		"dead":      {Action: DeadLetter, Reason: "invalid"},
	}
	c := &Consumer[string]{
		Name: "test record",
		Decode: func(b []byte) (string, error) {
			if _, ok := outcomes[string(b)]; !ok {
				return "", fmt.Errorf("unreadable %q", b)
			}
			return string(b), nil
		},
		Attempt: func(_ context.Context, body string, _ Delivery) Outcome {
			attempted = append(attempted, body)
			return outcomes[body]
		},
		OnLastReceive: func(_ context.Context, body string, _ Outcome) { last = append(last, body) },
		MaxReceives:   maxReceives, Visibility: vis,
	}
	return c, &attempted, &last
}

func TestConsumerOutcomes(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		receives int
		failed   bool
		vis      *time.Duration // nil: left alone
		last     bool           // OnLastReceive ran
	}{
		{name: "done is deleted", body: "done", receives: 1},
		{name: "drop is deleted", body: "drop", receives: 1},
		{name: "retry keeps the queue's timeout", body: "retry", receives: 1, failed: true},
		{name: "retry with a delay hides it", body: "held", receives: 1, failed: true, vis: ptr(3 * time.Hour)},
		{name: "a delay is capped at 12 hours", body: "held-long", receives: 1, failed: true, vis: ptr(12 * time.Hour)},
		{name: "dead letter goes at once", body: "dead", receives: 1, failed: true, vis: ptr(0)},
		{name: "unreadable is dead-lettered, never dropped", body: "{garbage", receives: 1, failed: true, vis: ptr(0)},
		{name: "last receive of a retry calls the hook and goes at once", body: "held", receives: 5, failed: true, vis: ptr(0), last: true},
		{name: "last receive of a dead letter calls the hook", body: "dead", receives: 7, failed: true, vis: ptr(0), last: true},
		{name: "last receive of a done record calls no hook", body: "done", receives: 5},
		{name: "last receive of an unreadable record has nothing to hook", body: "{garbage", receives: 5, failed: true, vis: ptr(0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vis := visibility{}
			c, _, last := script(vis, 5)
			resp, err := c.Handle(context.Background(), events.SQSEvent{Records: []events.SQSMessage{record("r1", "", tt.body, tt.receives)}})
			if err != nil {
				t.Fatalf("Handle: %v", err)
			}
			if got, want := len(failures(resp)) == 1, tt.failed; got != want {
				t.Errorf("failed = %v, want %v", got, want)
			}
			got, changed := vis["rh-r1"]
			switch {
			case tt.vis == nil && changed:
				t.Errorf("visibility changed to %v, want it left alone", got)
			case tt.vis != nil && (!changed || got != *tt.vis):
				t.Errorf("visibility = %v (changed %v), want %v", got, changed, *tt.vis)
			}
			if got, want := len(*last) == 1, tt.last; got != want {
				t.Errorf("OnLastReceive ran = %v, want %v", got, want)
			}
		})
	}
}

func TestConsumerWithoutVisibilityOrMaxReceives(t *testing.T) {
	c, _, last := script(nil, 0)
	ev := events.SQSEvent{Records: []events.SQSMessage{record("r1", "", "held", 99), record("r2", "", "{x", 99)}}
	resp, _ := c.Handle(context.Background(), ev)
	if diff := cmp.Diff([]string{"r1", "r2"}, failures(resp)); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
	if len(*last) != 0 {
		t.Errorf("OnLastReceive ran for %v with no MaxReceives", *last)
	}
}

func TestConsumerKeepsGroupsInOrder(t *testing.T) {
	vis := visibility{}
	c, attempted, _ := script(vis, 0)
	ev := events.SQSEvent{Records: []events.SQSMessage{
		record("a1", "a", "retry", 1), record("b1", "b", "done", 1), record("a2", "a", "done", 1),
		record("s1", "", "dead", 1), record("a3", "a", "done", 1), record("b2", "b", "drop", 1), record("s2", "", "done", 1),
		record("c1", "c", "{bad", 1), record("c2", "c", "done", 1),
	}}
	resp, _ := c.Handle(context.Background(), ev)
	if diff := cmp.Diff([]string{"retry", "done", "dead", "drop", "done"}, *attempted); diff != "" {
		t.Errorf("attempted (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a1", "a2", "s1", "a3", "c1", "c2"}, failures(resp)); diff != "" {
		t.Errorf("retried (-want +got):\n%s", diff)
	}
	for _, id := range []string{"a2", "a3", "c2"} {
		if _, ok := vis["rh-"+id]; ok {
			t.Errorf("%s was touched; want it left for redelivery in order", id)
		}
	}
}

func TestOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want Action
	}{
		{"nil is done", nil, Done},
		{"uncoded retries", errors.New("dynamo: throttled"), Retry},
		{"permanent dead-letters", Permanent(errors.New("bad")), DeadLetter},
		{"wrapped permanent dead-letters", fmt.Errorf("ctx: %w", Permanent(errors.New("bad"))), DeadLetter},
		{"invalid dead-letters", messaging.Errorf(messaging.CodeInvalid, "bad"), DeadLetter},
		{"unprocessable dead-letters", messaging.Errorf(messaging.CodeUnprocessable, "no"), DeadLetter},
		{"provider rejected dead-letters", messaging.Errorf(messaging.CodeProviderRejected, "no"), DeadLetter},
		{"not configured retries", messaging.Errorf(messaging.CodeNotConfigured, "later"), Retry},
		{"not found retries", messaging.Errorf(messaging.CodeNotFound, "later"), Retry},
		{"rate limited retries", messaging.Errorf(messaging.CodeRateLimited, "later"), Retry},
		{"unavailable retries", messaging.Errorf(messaging.CodeUnavailable, "later"), Retry},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Of(tt.err)
			if got.Action != tt.want {
				t.Errorf("Of(%v) = %v, want %v", tt.err, got.Action, tt.want)
			}
			if tt.err != nil && (got.Err != tt.err || !strings.Contains(got.Reason, tt.err.Error())) {
				t.Errorf("Of(%v) = %+v, want the error and its text kept", tt.err, got)
			}
		})
	}
	if Permanent(nil) != nil {
		t.Error("Permanent(nil) is not nil")
	}
}

func ptr(d time.Duration) *time.Duration { return &d }
