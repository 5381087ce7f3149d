//go:build integration

package local

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/proplink/chat/infra/motoserver"
)

// TestFIFOGroupIsHeldAcrossPollers holds that two instances polling one FIFO queue never hold
// two messages of one group at once: with both polls waiting when a group's two messages
// arrive, one poller gets the first and the other nothing until it is deleted.
func TestFIFOGroupIsHeldAcrossPollers(t *testing.T) {
	srv := motoserver.MustStart(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := sqs.NewFromConfig(srv.Config())
	q, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("order.fifo"),
		Attributes: map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"}})
	if err != nil {
		t.Fatal(err)
	}
	src := &sqsSource{queueURL: aws.ToString(q.QueueUrl), queueName: "order.fifo", batchSize: 1}
	s := &Stack{}
	var got atomic.Int32
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			deadline := time.Now().Add(3 * time.Second)
			for time.Now().Before(deadline) {
				out, _, err := s.receive(ctx, client, src)
				if err != nil {
					t.Error(err)
					return
				}
				got.Add(int32(len(out.Messages)))
			}
		}()
	}
	time.Sleep(300 * time.Millisecond) // both polls are waiting
	for _, body := range []string{"first", "second"} {
		if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String(body), MessageGroupId: aws.String("conv1")}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	if n := got.Load(); n != 1 {
		t.Fatalf("messages of one group received while the first is held: got %d, want 1", n)
	}
}
