package local

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// TestPollerAboveTheMinimumStopsAfterItsBatchWhileTheAPIIsBusy: with a backlog and the HTTP API
// at apiBusyRate, a poller above the minimum hands its batch to the function, deletes it and
// stops instead of receiving the next one.
func TestPollerAboveTheMinimumStopsAfterItsBatchWhileTheAPIIsBusy(t *testing.T) {
	var receives, deletes atomic.Int32
	queue := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		switch strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AmazonSQS.") {
		case "ReceiveMessage": // a backlog: always one more message
			receives.Add(1)
			_, _ = io.WriteString(w, `{"Messages":[{"MessageId":"m1","ReceiptHandle":"r1","Body":"{}"}]}`)
		case "DeleteMessageBatch":
			deletes.Add(1)
			_, _ = io.WriteString(w, `{"Successful":[{"Id":"0"}],"Failed":[]}`)
		default:
			http.Error(w, "unexpected "+r.Header.Get("X-Amz-Target"), http.StatusBadRequest)
		}
	}))
	defer queue.Close()
	f := &function{id: "Fn", queue: make(chan *invocation), active: &atomic.Int64{}}
	go func() { // one instance that handles every batch at once
		for inv := range f.queue {
			inv.finish([]byte("null"), nil)
		}
	}()
	defer close(f.queue)
	s := &Stack{sink: &logSink{w: io.Discard}}
	for range apiBusyRate {
		s.api.add(time.Now())
	}
	src := &sqsSource{function: "Fn", queueName: "q", queueURL: queue.URL + "/" + AccountID + "/q", batchSize: 10}
	g := &pollers{s: s, client: sqs.NewFromConfig(staticConfig(queue.URL)), src: src, f: f, min: 1, limit: 5, running: 2}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	g.run(ctx)
	stopped := make(chan struct{})
	go func() { s.wg.Wait(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(time.Second): // the API is still busy: apiBusyRate requests in the last second
		cancel()
		<-stopped
		t.Fatalf("the poller above the minimum kept polling (%d receives) while the API was busy, want it to stop after one batch", receives.Load())
	}
	if got, want := receives.Load(), int32(1); got != want {
		t.Errorf("receives: got %d, want %d", got, want)
	}
	if got, want := deletes.Load(), int32(1); got != want {
		t.Errorf("batch deletes: got %d, want %d (the batch is finished before the poller stops)", got, want)
	}
	if got, _ := g.size(); got != 1 {
		t.Errorf("pollers running: got %d, want 1", got)
	}
}
