// Package sqsq is the SQS adapter: it sends JSON messages to one queue (FIFO or standard),
// singly or in batches, and extends a received message's visibility. Outbox and NoteQueue put
// the reminders' messages and case notes on their queues. It calls SQS through its own small
// client (Client: SendMessage, SendMessageBatch, ChangeMessageVisibility over the service's JSON
// protocol) rather than the SDK's, whose schemas cost every cold start.
package sqsq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// maxDelay is the longest delay SQS accepts.
const maxDelay = 15 * time.Minute

// api is the part of SQS the queue uses (Client is it).
type api interface {
	// SendMessage queues one message.
	SendMessage(ctx context.Context, queueURL string, e Entry) error
	// SendMessageBatch queues up to 10 messages of distinct IDs; entries SQS failed are in the
	// result, and an error is the whole request's.
	SendMessageBatch(ctx context.Context, queueURL string, es []Entry) (BatchResult, error)
	// ChangeMessageVisibility hides a received message for timeout seconds more.
	ChangeMessageVisibility(ctx context.Context, queueURL, receiptHandle string, timeout int32) error
}

// Queue sends to one SQS queue.
type Queue struct {
	sqs  api
	url  string
	fifo bool
}

// New returns a queue for the URL on client (one client serves every queue); a URL ending in
// .fifo is a FIFO queue.
func New(client *Client, url string) *Queue { return newQueue(client, url) }

func newQueue(c api, url string) *Queue {
	return &Queue{sqs: c, url: url, fifo: strings.HasSuffix(url, ".fifo")}
}

// URL returns the queue's URL.
func (q *Queue) URL() string { return q.url }

// prepare checks a message against the queue's kind and encodes it for SQS (a json.RawMessage
// body is already encoded: it is sent as it is, not compacted again).
func (q *Queue) prepare(m messaging.QueueMessage) (Entry, error) {
	b, encoded := m.Body.(json.RawMessage)
	if !encoded {
		var err error
		if b, err = json.Marshal(m.Body); err != nil {
			return Entry{}, fmt.Errorf("encode body: %w", err)
		}
	}
	e := Entry{MessageBody: string(b)}
	switch {
	case len(b) == 0:
		return Entry{}, errors.New("an empty body")
	case q.fifo && (m.GroupID == "" || m.DeduplicationID == ""):
		return Entry{}, errors.New("a FIFO queue needs a group id and a deduplication id")
	case q.fifo && m.Delay > 0:
		return Entry{}, errors.New("a FIFO queue takes no per-message delay")
	case m.Delay < 0 || m.Delay > maxDelay:
		return Entry{}, fmt.Errorf("delay %v is outside 0..%v", m.Delay, maxDelay)
	}
	if q.fifo {
		e.MessageGroupID, e.MessageDeduplicationID = m.GroupID, m.DeduplicationID
	}
	e.DelaySeconds = int32(m.Delay / time.Second)
	if len(m.Attributes) > 0 {
		e.MessageAttributes = make(map[string]Attribute, len(m.Attributes))
		for k, v := range m.Attributes {
			e.MessageAttributes[k] = Attribute{DataType: "String", StringValue: v}
		}
	}
	return e, nil
}

// Send sends one message.
func (q *Queue) Send(ctx context.Context, m messaging.QueueMessage) error {
	e, err := q.prepare(m)
	if err != nil {
		return fmt.Errorf("sqsq: send to %s: %w", q.url, err)
	}
	if err := q.sqs.SendMessage(ctx, q.url, e); err != nil {
		return fmt.Errorf("sqsq: send to %s: %w", q.url, err)
	}
	return nil
}

// ChangeVisibility hides a received message for d more (zero makes it visible at once).
func (q *Queue) ChangeVisibility(ctx context.Context, receiptHandle string, d time.Duration) error {
	if err := q.sqs.ChangeMessageVisibility(ctx, q.url, receiptHandle, int32(d/time.Second)); err != nil {
		return fmt.Errorf("sqsq: change visibility on %s: %w", q.url, err)
	}
	return nil
}
