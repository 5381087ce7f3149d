// Package sqsq is the SQS adapter: it sends JSON messages to one queue (FIFO or standard),
// singly or in batches, and extends a received message's visibility. Outbox and NoteQueue put
// the reminders' messages and case notes on their queues.
package sqsq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/proplink/chat/shared/messaging"
)

// maxDelay is the longest delay SQS accepts.
const maxDelay = 15 * time.Minute

// api is the part of the SQS client the queue uses.
type api interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, opts ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
	SendMessageBatch(ctx context.Context, in *sqs.SendMessageBatchInput, opts ...func(*sqs.Options)) (*sqs.SendMessageBatchOutput, error)
	ChangeMessageVisibility(ctx context.Context, in *sqs.ChangeMessageVisibilityInput, opts ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityOutput, error)
}

// Queue sends to one SQS queue.
type Queue struct {
	sqs  api
	url  string
	fifo bool
}

// New returns a queue for the URL; a URL ending in .fifo is a FIFO queue.
func New(client *sqs.Client, url string) *Queue { return newQueue(client, url) }

func newQueue(c api, url string) *Queue {
	return &Queue{sqs: c, url: url, fifo: strings.HasSuffix(url, ".fifo")}
}

// URL returns the queue's URL.
func (q *Queue) URL() string { return q.url }

// prepared is a message checked and encoded for SQS.
type prepared struct {
	body      string
	group     *string
	dedupe    *string
	delay     int32
	attribute map[string]types.MessageAttributeValue
}

// prepare checks a message against the queue's kind and encodes its body (a json.RawMessage
// is already encoded: it is sent as it is, not compacted again).
func (q *Queue) prepare(m messaging.QueueMessage) (prepared, error) {
	b, encoded := m.Body.(json.RawMessage)
	if !encoded {
		var err error
		if b, err = json.Marshal(m.Body); err != nil {
			return prepared{}, fmt.Errorf("encode body: %w", err)
		}
	}
	p := prepared{body: string(b)}
	switch {
	case len(b) == 0:
		return prepared{}, errors.New("an empty body")
	case q.fifo && (m.GroupID == "" || m.DeduplicationID == ""):
		return prepared{}, errors.New("a FIFO queue needs a group id and a deduplication id")
	case q.fifo && m.Delay > 0:
		return prepared{}, errors.New("a FIFO queue takes no per-message delay")
	case m.Delay < 0 || m.Delay > maxDelay:
		return prepared{}, fmt.Errorf("delay %v is outside 0..%v", m.Delay, maxDelay)
	}
	if q.fifo {
		p.group, p.dedupe = aws.String(m.GroupID), aws.String(m.DeduplicationID)
	}
	p.delay = int32(m.Delay / time.Second)
	if len(m.Attributes) > 0 {
		p.attribute = make(map[string]types.MessageAttributeValue, len(m.Attributes))
		for k, v := range m.Attributes {
			p.attribute[k] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
		}
	}
	return p, nil
}

// Send sends one message.
func (q *Queue) Send(ctx context.Context, m messaging.QueueMessage) error {
	p, err := q.prepare(m)
	if err != nil {
		return fmt.Errorf("sqsq: send to %s: %w", q.url, err)
	}
	_, err = q.sqs.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl: aws.String(q.url), MessageBody: aws.String(p.body), MessageGroupId: p.group,
		MessageDeduplicationId: p.dedupe, DelaySeconds: p.delay, MessageAttributes: p.attribute,
	})
	if err != nil {
		return fmt.Errorf("sqsq: send to %s: %w", q.url, err)
	}
	return nil
}

// ChangeVisibility hides a received message for d more (zero makes it visible at once).
func (q *Queue) ChangeVisibility(ctx context.Context, receiptHandle string, d time.Duration) error {
	_, err := q.sqs.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
		QueueUrl: aws.String(q.url), ReceiptHandle: aws.String(receiptHandle),
		VisibilityTimeout: int32(d / time.Second),
	})
	if err != nil {
		return fmt.Errorf("sqsq: change visibility on %s: %w", q.url, err)
	}
	return nil
}
