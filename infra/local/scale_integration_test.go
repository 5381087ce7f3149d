//go:build integration

package local

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// TestInstancesScaleWithLoad: concurrent requests to a slow function start more processes, up to
// its ReservedConcurrentExecutions (3 in the test template), every request is answered, and the
// extra processes stop once idle (IdleTimeout is 1 s in the test stack).
func TestInstancesScaleWithLoad(t *testing.T) {
	s := mustStack(t)
	const requests = 8
	statuses := make([]int, requests)
	var wg sync.WaitGroup
	for i := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(s.APIURL() + "/slow")
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	for i, st := range statuses {
		if st != http.StatusOK {
			t.Errorf("request %d: got status %d, want 200", i, st)
		}
	}
	if got, want := s.Scale("EchoFunction").PeakInstances, 3; got != want {
		t.Errorf("peak EchoFunction instances: got %d, want %d (its reserved concurrency)", got, want)
	}
	waitScale(t, s, "EchoFunction", func(sc Scale) bool { return sc.Instances == 1 })
}

// TestSQSPollersScaleAndKeepFifoOrder: a backlog on a FIFO queue across several message groups
// is handled by more than one poller and instance at once, each group's messages are still
// handled in order, exactly once, and pollers and instances fall back to one when the queue is
// empty.
func TestSQSPollersScaleAndKeepFifoOrder(t *testing.T) {
	s := mustStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	q := sqs.NewFromConfig(s.AWSConfig())
	const groups, perGroup = 4, 6
	body := func(g, i int) string { return fmt.Sprintf("slow-scale-g%d-%02d", g, i) }
	for i := range perGroup {
		var entries []sqstypes.SendMessageBatchRequestEntry
		for g := range groups {
			entries = append(entries, sqstypes.SendMessageBatchRequestEntry{
				Id: aws.String(strconv.Itoa(g)), MessageBody: aws.String(body(g, i)), MessageGroupId: aws.String(fmt.Sprintf("g%d", g)),
			})
		}
		out, err := q.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(s.Resource("OrderedQueue")), Entries: entries})
		if err != nil || len(out.Failed) > 0 {
			t.Fatalf("send batch %d: %v %v", i, err, out)
		}
	}
	if err := s.Idle(ctx); err != nil {
		t.Fatal(err)
	}
	sc := s.Scale("FifoFunction")
	if sc.PeakPollers < 2 || sc.PeakInstances < 2 {
		t.Errorf("FifoFunction peaks: got %d pollers and %d instances, want at least 2 of each", sc.PeakPollers, sc.PeakInstances)
	}
	db := dynamodb.NewFromConfig(s.AWSConfig())
	for g := range groups {
		var last int64
		for i := range perGroup {
			out, err := db.Query(ctx, &dynamodb.QueryInput{
				TableName:                 aws.String(s.Resource("Table")),
				KeyConditionExpression:    aws.String("PK = :pk"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "MSG#" + body(g, i)}},
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Items) != 1 {
				t.Fatalf("%s stored %d times, want once", body(g, i), len(out.Items))
			}
			at, _ := strconv.ParseInt(out.Items[0]["at"].(*types.AttributeValueMemberN).Value, 10, 64)
			if at <= last {
				t.Errorf("%s handled before the message sent ahead of it in its group", body(g, i))
			}
			last = at
		}
	}
	waitScale(t, s, "FifoFunction", func(sc Scale) bool { return sc.Instances == 1 && sc.Pollers == 1 })
}

// waitScale waits up to 30 s for a function's counts to satisfy ok.
func waitScale(t *testing.T, s *Stack, fn string, ok func(Scale) bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok(s.Scale(fn)) {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not scale back down: %+v", fn, s.Scale(fn))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
