package elasticmq

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// warmRounds is how many send, receive and delete rounds warm runs on each of warmWorkers: a
// fresh JVM interprets the request path until the JIT has compiled it, which made a burst's
// first few hundred SendMessageBatch calls 10-30 times slower than the rest.
const (
	warmRounds  = 100
	warmWorkers = 4
)

// warm drives the calls the local runner makes (SendMessageBatch, ReceiveMessage,
// DeleteMessageBatch on a FIFO queue) through a scratch queue until the JIT has compiled them,
// then deletes the queue, so the first real requests are not the ones that pay for it.
func (s *Server) warm(ctx context.Context) error {
	client := sqs.New(sqs.Options{
		Region:       s.region,
		Credentials:  credentials.NewStaticCredentialsProvider("warm", "warm", ""),
		BaseEndpoint: aws.String(s.URL),
	})
	q, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName:  aws.String("elasticmq-warm.fifo"),
		Attributes: map[string]string{"FifoQueue": "true"},
	})
	if err != nil {
		return fmt.Errorf("elasticmq: warm: create queue: %w", err)
	}
	errs := make([]error, warmWorkers)
	var wg sync.WaitGroup
	for w := range warmWorkers {
		wg.Add(1)
		go func() { defer wg.Done(); errs[w] = warmWorker(ctx, client, q.QueueUrl, w) }()
	}
	wg.Wait()
	werr := errors.Join(errs...)
	if _, err := client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: q.QueueUrl}); err != nil && werr == nil {
		werr = fmt.Errorf("elasticmq: warm: delete queue: %w", err)
	}
	return werr
}

// warmWorker sends, receives and deletes warmRounds messages in its own message group.
func warmWorker(ctx context.Context, client *sqs.Client, url *string, w int) error {
	group := aws.String(strconv.Itoa(w))
	for i := range warmRounds {
		id := strconv.Itoa(w*warmRounds + i)
		if _, err := client.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: []sqstypes.SendMessageBatchRequestEntry{{
			Id: aws.String("0"), MessageBody: aws.String(`{"warm":` + id + `}`), MessageGroupId: group, MessageDeduplicationId: aws.String(id),
		}}}); err != nil {
			return fmt.Errorf("elasticmq: warm: send: %w", err)
		}
		out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10,
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll}, MessageAttributeNames: []string{"All"}})
		if err != nil {
			return fmt.Errorf("elasticmq: warm: receive: %w", err)
		}
		var entries []sqstypes.DeleteMessageBatchRequestEntry
		for j, m := range out.Messages {
			entries = append(entries, sqstypes.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(j)), ReceiptHandle: m.ReceiptHandle})
		}
		if len(entries) > 0 {
			if _, err := client.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: url, Entries: entries}); err != nil {
				return fmt.Errorf("elasticmq: warm: delete: %w", err)
			}
		}
	}
	return nil
}
