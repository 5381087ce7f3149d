//go:build integration

package sqsq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/awsjson"
	"github.com/proplink/chat/shared/messaging"
)

type payload struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// newClient returns the SDK's client, which sets up the queues and checks what reached them,
// and this package's own client, both on one moto.
func newClient(t *testing.T) (*sqs.Client, *Client) {
	t.Helper()
	cfg := motoserver.MustStart(t).Config()
	return sqs.NewFromConfig(cfg), NewClient(cfg, func(string) string { return "" })
}

func createQueue(t *testing.T, c *sqs.Client, name string, attrs map[string]string) (url, arn string) {
	t.Helper()
	ctx := context.Background()
	out, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		t.Fatalf("create queue %s: %v", name, err)
	}
	a, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: out.QueueUrl, AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn}})
	if err != nil {
		t.Fatalf("queue arn %s: %v", name, err)
	}
	return aws.ToString(out.QueueUrl), a.Attributes["QueueArn"]
}

func receive(t *testing.T, c *sqs.Client, url string, max int32) []types.Message {
	t.Helper()
	out, err := c.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
		QueueUrl: aws.String(url), MaxNumberOfMessages: max, MessageAttributeNames: []string{"All"},
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
	})
	if err != nil {
		t.Fatalf("receive from %s: %v", url, err)
	}
	return out.Messages
}

func TestFIFOSendReceive(t *testing.T) {
	c, ours := newClient(t)
	url, _ := createQueue(t, c, "outbound.fifo", map[string]string{"FifoQueue": "true"})
	q := New(ours, url)
	ctx := context.Background()
	if q.URL() != url {
		t.Errorf("URL() = %q, want %q", q.URL(), url)
	}
	if err := q.Send(ctx, messaging.QueueMessage{Body: payload{"m1", "one"}, GroupID: "o1#111#447700900123", DeduplicationID: "m1", Attributes: map[string]string{"org_id": "o1"}}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	// The same deduplication id within 5 minutes is dropped by SQS.
	if err := q.Send(ctx, messaging.QueueMessage{Body: payload{"m1", "one"}, GroupID: "o1#111#447700900123", DeduplicationID: "m1"}); err != nil {
		t.Fatalf("Send duplicate: %v", err)
	}
	var batch []messaging.QueueMessage
	for i := 2; i <= 12; i++ {
		id := fmt.Sprintf("m%d", i)
		batch = append(batch, messaging.QueueMessage{Body: payload{id, "n"}, GroupID: "o1#111#447700900123", DeduplicationID: id})
	}
	if err := q.SendBatch(ctx, batch); err != nil {
		t.Fatalf("SendBatch: %v", err)
	}
	if err := q.Send(ctx, messaging.QueueMessage{Body: payload{"x", ""}}); err == nil {
		t.Error("Send without group id to a FIFO queue succeeded")
	}

	var got []string
	for len(got) < 12 {
		msgs := receive(t, c, url, 10)
		if len(msgs) == 0 {
			break
		}
		for _, m := range msgs {
			var p payload
			if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &p); err != nil {
				t.Fatalf("body %q: %v", aws.ToString(m.Body), err)
			}
			if p.ID == "m1" && aws.ToString(m.MessageAttributes["org_id"].StringValue) != "o1" {
				t.Errorf("m1 attribute org_id = %v, want o1", m.MessageAttributes["org_id"].StringValue)
			}
			if g, d := m.Attributes["MessageGroupId"], m.Attributes["MessageDeduplicationId"]; g != "o1#111#447700900123" || d != p.ID {
				t.Errorf("%s: group %q, dedupe %q; want o1#111#447700900123, %s", p.ID, g, d, p.ID)
			}
			got = append(got, p.ID)
			if _, err := c.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := []string{"m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "m12"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("received in group order (-want +got):\n%s", diff)
	}
}

func TestRedriveToDLQ(t *testing.T) {
	c, ours := newClient(t)
	dlqURL, dlqARN := createQueue(t, c, "casenotes-dlq", nil)
	policy, _ := json.Marshal(map[string]any{"deadLetterTargetArn": dlqARN, "maxReceiveCount": 2})
	url, _ := createQueue(t, c, "casenotes", map[string]string{"RedrivePolicy": string(policy), "VisibilityTimeout": "30"})
	q := New(ours, url)
	ctx := context.Background()
	if err := q.Send(ctx, messaging.QueueMessage{Body: payload{"poison", "x"}}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	for i := 1; i <= 2; i++ {
		msgs := receive(t, c, url, 1)
		if len(msgs) != 1 {
			t.Fatalf("receive %d: got %d messages, want 1", i, len(msgs))
		}
		// A consumer that fails hands the message back at once instead of deleting it.
		if err := q.ChangeVisibility(ctx, aws.ToString(msgs[0].ReceiptHandle), 0); err != nil {
			t.Fatalf("ChangeVisibility: %v", err)
		}
	}
	if msgs := receive(t, c, url, 1); len(msgs) != 0 {
		t.Fatalf("third receive from the source got %d messages, want 0 (moved to the DLQ)", len(msgs))
	}
	msgs := receive(t, c, dlqURL, 1)
	if len(msgs) != 1 {
		t.Fatalf("DLQ holds %d messages, want 1", len(msgs))
	}
	var p payload
	if err := json.Unmarshal([]byte(aws.ToString(msgs[0].Body)), &p); err != nil || p.ID != "poison" {
		t.Errorf("DLQ message = %q, %v; want the poison message", aws.ToString(msgs[0].Body), err)
	}
}

func TestStandardDelay(t *testing.T) {
	c, ours := newClient(t)
	url, _ := createQueue(t, c, "reminders", nil)
	q := New(ours, url)
	if err := q.Send(context.Background(), messaging.QueueMessage{Body: payload{"later", ""}, Delay: 10 * time.Minute}); err != nil {
		t.Fatalf("Send with delay: %v", err)
	}
	if msgs := receive(t, c, url, 1); len(msgs) != 0 {
		t.Errorf("delayed message visible at once")
	}
}

func TestBatchWithAFailingEntry(t *testing.T) {
	c, ours := newClient(t)
	url, _ := createQueue(t, c, "batch-failing", nil)
	res, err := ours.SendMessageBatch(context.Background(), url, []Entry{
		{ID: "a", MessageBody: `{"id":"a"}`, MessageAttributes: map[string]Attribute{"org_id": {DataType: "String", StringValue: "o1"}}},
		{ID: "b", MessageBody: `{"id":"b"}`, DelaySeconds: 901}, // beyond SQS's 15 minutes
		{ID: "c", MessageBody: `{"id":"c"}`},
	})
	if err != nil {
		t.Fatalf("SendMessageBatch: %v", err)
	}
	if diff := cmp.Diff([]string{"a", "c"}, res.Successful); diff != "" {
		t.Errorf("queued (-want +got):\n%s", diff)
	}
	if len(res.Failed) != 1 || res.Failed[0].ID != "b" || !res.Failed[0].SenderFault || res.Failed[0].Code != "InvalidParameterValue" {
		t.Errorf("failed = %+v, want entry b, InvalidParameterValue, the sender's fault", res.Failed)
	}
	var got []string
	for _, m := range receive(t, c, url, 10) {
		got = append(got, aws.ToString(m.Body))
	}
	slices.Sort(got)
	if diff := cmp.Diff([]string{`{"id":"a"}`, `{"id":"c"}`}, got); diff != "" {
		t.Errorf("on the queue (-want +got):\n%s", diff)
	}
}

func TestMissingQueueIsTheServicesError(t *testing.T) {
	c, ours := newClient(t)
	url, _ := createQueue(t, c, "present", nil)
	q := New(ours, strings.Replace(url, "/present", "/no-such-queue", 1))
	err := q.Send(context.Background(), messaging.QueueMessage{Body: payload{"x", ""}})
	var e *awsjson.APIError
	if !errors.As(err, &e) || e.Code != "AWS.SimpleQueueService.NonExistentQueue" || e.Type != "QueueDoesNotExist" {
		t.Errorf("got %v (%+v), want code AWS.SimpleQueueService.NonExistentQueue, type QueueDoesNotExist", err, e)
	}
}

func TestQueueAtTheServiceEndpointVariable(t *testing.T) {
	moto := motoserver.MustStart(t)
	c := sqs.NewFromConfig(moto.Config())
	url, _ := createQueue(t, c, "endpoint-variable", nil)
	cfg := moto.Config()
	cfg.BaseEndpoint = aws.String("http://127.0.0.1:1") // nothing listens: the variable must win
	ours := NewClient(cfg, func(k string) string {
		if k == EndpointEnv {
			return moto.URL
		}
		return ""
	})
	if err := New(ours, url).Send(context.Background(), messaging.QueueMessage{Body: payload{"v", ""}}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if msgs := receive(t, c, url, 1); len(msgs) != 1 {
		t.Errorf("queue holds %d messages, want 1", len(msgs))
	}
}
