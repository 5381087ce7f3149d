package sqsq

import (
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"
)

func TestHandleInOrder(t *testing.T) {
	rec := func(id, group string) events.SQSMessage {
		return events.SQSMessage{MessageId: id, Attributes: map[string]string{"MessageGroupId": group}}
	}
	ev := events.SQSEvent{Records: []events.SQSMessage{
		rec("a1", "a"), rec("b1", "b"), rec("a2", "a"), rec("s1", ""), rec("a3", "a"), rec("b2", "b"), rec("s2", ""),
	}}
	fail := map[string]bool{"a1": true, "s1": true}
	var seen []string
	resp := HandleInOrder(ev, func(r events.SQSMessage) bool {
		seen = append(seen, r.MessageId)
		return !fail[r.MessageId]
	})
	var failed []string
	for _, f := range resp.BatchItemFailures {
		failed = append(failed, f.ItemIdentifier)
	}
	if diff := cmp.Diff([]string{"a1", "b1", "s1", "b2", "s2"}, seen); diff != "" {
		t.Errorf("handled (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a1", "a2", "s1", "a3"}, failed); diff != "" {
		t.Errorf("retried (-want +got):\n%s", diff)
	}
}
