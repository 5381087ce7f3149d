//go:build integration

package inbound

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/sqsq"
)

// errDied stands for the function's process dying: from the failing write on, nothing the
// attempt tries reaches the table.
var errDied = errors.New("process died")

// dyingAt makes the table fail every write from the n-th one on (counting writes only), the
// way a function that dies between two writes leaves the table: what came before is written,
// nothing after is (its release neither). The failing request never leaves the process.
func dyingAt(n int32) func(*ddb.Options) {
	var writes atomic.Int32
	return func(o *ddb.Options) {
		o.HTTPClient = dyingClient{next: http.DefaultClient, die: func(target string) bool {
			switch strings.TrimPrefix(target, "DynamoDB_20120810.") {
			case "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem":
				return writes.Add(1) >= n
			}
			return false
		}}
	}
}

// dyingClient fails the requests die picks (by their X-Amz-Target) and sends the rest.
type dyingClient struct {
	next *http.Client
	die  func(target string) bool
}

func (d dyingClient) Do(r *http.Request) (*http.Response, error) {
	if d.die(r.Header.Get("X-Amz-Target")) {
		return nil, errDied
	}
	return d.next.Do(r)
}

// countedTurns counts the turns sent to the real queue.
type countedTurns struct {
	TurnQueue
	sent atomic.Int32
}

func (c *countedTurns) Send(ctx context.Context, m messaging.QueueMessage) error {
	c.sent.Add(1)
	return c.TurnQueue.Send(ctx, m)
}

// TestHalfDoneMessageIsFinishedByTheRedelivery: an attempt that dies between the message's
// writes (before the conversation's update, or before the note and the done mark, with the
// assistant's turn already queued) leaves the message pending; the queue's redelivery after the
// lease takes it over and finishes it: the message once in its conversation, the window moved
// on, the case note once, one turn on the assistant's FIFO queue. A replay after that changes
// nothing and queues nothing.
func TestHalfDoneMessageIsFinishedByTheRedelivery(t *testing.T) {
	cfg := moto.Config()
	sq := sqs.NewFromConfig(cfg)
	for _, tt := range []struct {
		name       string
		dieAt      int32 // the write that fails: 1 the claim, 2 the conversation, 3 the note and done mark
		wantQueued int32 // turns sent to the queue over both attempts
	}{
		{"dies before the conversation's update", 2, 1},
		{"dies before the note and the done mark", 3, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			table := dynamotest.CreateTable(t, cfg)
			healthy := dynamo.New(ddb.NewFromConfig(cfg), table)
			phone := "+447700900123"
			if err := healthy.LinkJob(ctx, "o1", "pn1", phone, 1050, t0.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
			q, err := sq.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("assistant-" + table + ".fifo"),
				Attributes: map[string]string{"FifoQueue": "true"}})
			if err != nil {
				t.Fatal(err)
			}
			turns := &countedTurns{TurnQueue: sqsq.New(sqsq.NewClient(cfg, func(string) string { return "" }), aws.ToString(q.QueueUrl))}
			on := func(context.Context, string) (messaging.Settings, error) { return messaging.Settings{OrgID: "o1"}, nil }
			processor := func(store Store, now time.Time) *Processor {
				return &Processor{Store: store, Provider: &fakes.Provider{}, Secrets: secrets, Metrics: &fakes.Metrics{},
					Assistant: turns, AssistantSettings: on, Now: func() time.Time { return now }}
			}
			ev := textEvent("wamid.CRASH", "The boiler is off again", t0)

			dying := dynamo.New(ddb.NewFromConfig(cfg, dyingAt(tt.dieAt)), table)
			if err := processor(dying, t0).Process(ctx, ev); !errors.Is(err, errDied) {
				t.Fatalf("first attempt: got %v, want it to die", err)
			}
			if err := processor(healthy, t0.Add(time.Second)).Process(ctx, ev); !errors.Is(err, errBusy) {
				t.Fatalf("redelivery inside the lease: got %v, want busy", err)
			}
			later := t0.Add(DefaultLease + time.Second)
			if err := processor(healthy, later).Process(ctx, ev); err != nil {
				t.Fatalf("redelivery after the lease: %v", err)
			}
			sentBeforeReplay := turns.sent.Load()
			if err := processor(healthy, later.Add(72*time.Hour)).Process(ctx, ev); err != nil {
				t.Fatalf("replay days later: %v", err)
			}

			conv, msgs, _, err := healthy.ConversationWithMessages(ctx, "o1", messaging.ConversationID("o1", "pn1", phone), 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != 1 || msgs[0].ID != "wamid.CRASH" || !conv.LastInboundAt.Equal(t0) {
				t.Errorf("conversation: got %d messages, last inbound %v; want wamid.CRASH once at %v", len(msgs), conv.LastInboundAt, t0)
			}
			notes, _, err := healthy.ListCaseNotes(ctx, "o1", 1050, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(notes) != 1 || notes[0].Text != "The boiler is off again" || notes[0].ProviderMessage != "wamid.CRASH" {
				t.Errorf("notes: got %+v, want the message's one note", notes)
			}
			if got := turns.sent.Load(); got != tt.wantQueued || sentBeforeReplay != got {
				t.Errorf("turns sent: got %d (%d before the replay), want %d and none by the replay", got, sentBeforeReplay, tt.wantQueued)
			}
			out, err := sq.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Messages) != 1 {
				t.Errorf("assistant queue: got %d turns, want 1", len(out.Messages))
			}
		})
	}
}
