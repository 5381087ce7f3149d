package local

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// sqsSource is one SQS event source mapping: a queue polled for one function.
type sqsSource struct {
	function       string
	event          string
	queueARN       string
	queueURL       string
	queueName      string
	batchSize      int32
	reportFailures bool
	enabled        bool
	// maxConcurrency is ScalingConfig.MaximumConcurrency, 0 when unset.
	maxConcurrency int
	// receiving lets one poller of a FIFO queue receive at a time: moto decides which message
	// groups are in flight when a long poll starts, so a poll already waiting would be handed a
	// group's next message while another instance still holds the one before it (SQS never
	// does; the group's order would be lost).
	receiving sync.Mutex
	// handling counts this source's batches being handled; finished is closed (and replaced)
	// whenever one ends, which may unblock a FIFO message group.
	handling atomic.Int32
	mu       sync.Mutex
	finished chan struct{}
}

// fifo reports whether the source's queue is a FIFO queue.
func (src *sqsSource) fifo() bool { return strings.HasSuffix(src.queueName, ".fifo") }

// nextFinish is a channel closed when the next batch of this source finishes.
func (src *sqsSource) nextFinish() <-chan struct{} {
	src.mu.Lock()
	defer src.mu.Unlock()
	if src.finished == nil {
		src.finished = make(chan struct{})
	}
	return src.finished
}

// batchFinished records the end of one batch and wakes the pollers waiting for one.
func (src *sqsSource) batchFinished() {
	src.handling.Add(-1)
	src.mu.Lock()
	defer src.mu.Unlock()
	if src.finished != nil {
		close(src.finished)
		src.finished = nil
	}
}

// newSQSSource reads an SQS event's properties (already resolved).
func (s *Stack) newSQSSource(fnID, event string, p map[string]any) (*sqsSource, error) {
	arn, _ := p["Queue"].(string)
	if !strings.HasPrefix(arn, "arn:aws:sqs:") {
		return nil, fmt.Errorf("local: Queue must be a queue ARN (!GetAtt Queue.Arn), got %v", p["Queue"])
	}
	name := arn[strings.LastIndex(arn, ":")+1:]
	batch, err := intProp(p, "BatchSize", 10)
	if err != nil {
		return nil, err
	}
	src := &sqsSource{
		function:  fnID,
		event:     event,
		queueARN:  arn,
		queueName: name,
		queueURL:  s.sqsURL + "/" + AccountID + "/" + name,
		batchSize: int32(min(max(batch, 1), 10)),
		enabled:   true,
	}
	if sc, ok := p["ScalingConfig"].(map[string]any); ok {
		if src.maxConcurrency, err = intProp(sc, "MaximumConcurrency", 0); err != nil {
			return nil, fmt.Errorf("local: ScalingConfig: %w", err)
		}
	}
	if v, ok := p["Enabled"]; ok {
		src.enabled = truthy(v)
	}
	if l, ok := p["FunctionResponseTypes"].([]any); ok {
		for _, t := range l {
			if t == "ReportBatchItemFailures" {
				src.reportFailures = true
			}
		}
	}
	return src, nil
}

// startPollers starts each enabled SQS source's pollers, which run until ctx ends.
func (s *Stack) startPollers(ctx context.Context) {
	client := sqs.NewFromConfig(s.sqsDirect)
	for _, src := range s.sources {
		if !src.enabled {
			continue
		}
		f := s.funcs[src.function]
		limit := f.max
		if src.maxConcurrency > 0 {
			limit = min(limit, src.maxConcurrency)
		}
		g := &pollers{s: s, client: client, src: src, f: f, min: s.o.Instances, limit: max(limit, s.o.Instances)}
		s.pollers = append(s.pollers, g)
		for range g.min {
			g.spawn(ctx)
		}
	}
}

// poll receives batches and hands them to the function until ctx ends, adding a poller while
// batches keep coming, and leaving when above the minimum after idleReceives empty receives or
// after a batch while the HTTP API is busy (apiBusyRate).
func (g *pollers) poll(ctx context.Context) {
	s, client, src, f := g.s, g.client, g.src, g.f
	complained := false
	empty := 0
	for ctx.Err() == nil {
		finish := src.nextFinish()
		out, wait, err := s.receive(ctx, client, src)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if !complained {
				s.logf("local: %s: receive from %s: %v", src.function, src.queueName, err)
				complained = true
			}
			sleep(ctx, time.Second)
			continue
		}
		complained = false
		if len(out.Messages) == 0 {
			if wait == 0 { // a short poll: wait as the long poll would have, for a group to free up
				select {
				case <-finish:
				case <-ctx.Done():
				case <-time.After(longPoll * time.Second):
				}
			}
			if empty++; empty >= idleReceives && g.leave() {
				return
			}
			continue
		}
		empty = 0
		g.grow(ctx)
		s.active.Add(1)
		src.handling.Add(1)
		s.handleBatch(ctx, client, src, f, out.Messages)
		src.batchFinished()
		s.active.Add(-1)
		if s.api.busy(time.Now()) && g.leave() {
			return
		}
	}
}

// longPoll is the pollers' ReceiveMessage WaitTimeSeconds.
const longPoll = 1

// receive polls src's queue for a batch and reports the wait it asked for; on a FIFO queue, one
// poller at a time. It long-polls, except on a FIFO queue while a batch of it is being handled:
// then its remaining messages may all be in groups that batch holds, and ElasticMQ answers such
// a long poll by re-checking the queue without pause until it ends (60-85% of a core per
// waiting poll, measured), so a short poll is made and the poller waits itself.
func (s *Stack) receive(ctx context.Context, client *sqs.Client, src *sqsSource) (*sqs.ReceiveMessageOutput, int32, error) {
	wait := int32(longPoll)
	if src.fifo() {
		src.receiving.Lock()
		defer src.receiving.Unlock()
		if src.handling.Load() > 0 {
			wait = 0
		}
	}
	defer s.lat.since("poller sqs:ReceiveMessage", time.Now())
	out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl:                    aws.String(src.queueURL),
		MaxNumberOfMessages:         src.batchSize,
		WaitTimeSeconds:             wait,
		MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll},
		MessageAttributeNames:       []string{"All"},
	})
	return out, wait, err
}

// handleBatch invokes the function with one batch and deletes the records that succeeded.
func (s *Stack) handleBatch(ctx context.Context, client *sqs.Client, src *sqsSource, f *function, msgs []sqstypes.Message) {
	start := time.Now()
	payload, err := json.Marshal(sqsEvent(src, msgs))
	if err != nil {
		s.logf("local: %s: encode SQS event: %v", src.function, err)
		return
	}
	out, err := f.invoke(ctx, payload)
	failed := map[string]bool{}
	note := ""
	switch {
	case err != nil:
		for _, m := range msgs {
			failed[aws.ToString(m.MessageId)] = true
		}
		note = " error: " + err.Error()
	case src.reportFailures:
		failed, note = batchFailures(out, msgs)
	}
	var entries []sqstypes.DeleteMessageBatchRequestEntry
	for i, m := range msgs {
		if failed[aws.ToString(m.MessageId)] {
			continue
		}
		entries = append(entries, sqstypes.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: m.ReceiptHandle})
	}
	if len(entries) > 0 {
		deleted := time.Now()
		res, derr := client.DeleteMessageBatch(context.WithoutCancel(ctx), &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(src.queueURL), Entries: entries})
		s.lat.since("poller sqs:DeleteMessageBatch", deleted)
		if derr != nil {
			note += " delete: " + derr.Error()
		} else if len(res.Failed) > 0 {
			note += fmt.Sprintf(" delete: %d failed", len(res.Failed))
		}
	}
	s.logf("%s %s sqs %s records=%d failures=%d %s%s", start.UTC().Format(time.RFC3339), src.function, src.queueName, len(msgs), len(failed), time.Since(start).Round(time.Millisecond), note)
}

// batchFailures reads a partial batch response; a malformed one, or one naming an unknown or
// empty itemIdentifier, fails the whole batch, as Lambda does.
func batchFailures(out []byte, msgs []sqstypes.Message) (map[string]bool, string) {
	failed := map[string]bool{}
	all := func(why string) (map[string]bool, string) {
		for _, m := range msgs {
			failed[aws.ToString(m.MessageId)] = true
		}
		return failed, " " + why
	}
	trimmed := strings.TrimSpace(string(out))
	if trimmed == "" || trimmed == "null" {
		return failed, ""
	}
	var resp events.SQSEventResponse
	if err := json.Unmarshal(out, &resp); err != nil {
		return all("unreadable batch response, whole batch failed")
	}
	ids := map[string]bool{}
	for _, m := range msgs {
		ids[aws.ToString(m.MessageId)] = true
	}
	for _, bf := range resp.BatchItemFailures {
		if !ids[bf.ItemIdentifier] {
			return all(fmt.Sprintf("batch response names unknown item %q, whole batch failed", bf.ItemIdentifier))
		}
		failed[bf.ItemIdentifier] = true
	}
	return failed, ""
}

// sqsEvent builds the event Lambda's SQS poller sends.
func sqsEvent(src *sqsSource, msgs []sqstypes.Message) events.SQSEvent {
	ev := events.SQSEvent{Records: make([]events.SQSMessage, 0, len(msgs))}
	for _, m := range msgs {
		rec := events.SQSMessage{
			MessageId:         aws.ToString(m.MessageId),
			ReceiptHandle:     aws.ToString(m.ReceiptHandle),
			Body:              aws.ToString(m.Body),
			Md5OfBody:         aws.ToString(m.MD5OfBody),
			Attributes:        map[string]string{},
			MessageAttributes: map[string]events.SQSMessageAttribute{},
			EventSource:       "aws:sqs",
			EventSourceARN:    src.queueARN,
			AWSRegion:         Region,
		}
		if m.MD5OfMessageAttributes != nil {
			rec.Md5OfMessageAttributes = *m.MD5OfMessageAttributes
		}
		for k, v := range m.Attributes {
			rec.Attributes[k] = v
		}
		for k, v := range m.MessageAttributes {
			rec.MessageAttributes[k] = events.SQSMessageAttribute{
				StringValue:      v.StringValue,
				BinaryValue:      v.BinaryValue,
				StringListValues: append([]string{}, v.StringListValues...),
				BinaryListValues: append([][]byte{}, v.BinaryListValues...),
				DataType:         aws.ToString(v.DataType),
			}
		}
		ev.Records = append(ev.Records, rec)
	}
	return ev
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
