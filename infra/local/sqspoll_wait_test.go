package local

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// TestFIFOPollsShortWhileABatchIsHandled: a poller long-polls, except on a FIFO queue while a
// batch of it is being handled, when it asks for WaitTimeSeconds 0 (ElasticMQ spins through a
// long poll whose queue holds only messages of groups in flight).
func TestFIFOPollsShortWhileABatchIsHandled(t *testing.T) {
	var asked atomic.Int32
	queue := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var in struct{ WaitTimeSeconds int32 } // the SDK leaves a zero WaitTimeSeconds out
		if err := json.Unmarshal(body, &in); err != nil {
			t.Errorf("ReceiveMessage body %s: %v", body, err)
		}
		asked.Store(in.WaitTimeSeconds)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		_, _ = io.WriteString(w, `{"Messages":[]}`)
	}))
	defer queue.Close()
	client := sqs.NewFromConfig(staticConfig(queue.URL))
	tests := []struct {
		name     string
		queue    string
		handling int32
		want     int32
	}{
		{"fifo, nothing in hand", "q.fifo", 0, longPoll},
		{"fifo, a batch in hand", "q.fifo", 1, 0},
		{"standard, a batch in hand", "q", 1, longPoll},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &sqsSource{queueURL: queue.URL + "/" + AccountID + "/" + tt.queue, queueName: tt.queue, batchSize: 10}
			src.handling.Store(tt.handling)
			asked.Store(-1) // no request yet
			_, wait, err := (&Stack{}).receive(context.Background(), client, src)
			if err != nil {
				t.Fatal(err)
			}
			if got := asked.Load(); got != tt.want || wait != tt.want {
				t.Errorf("WaitTimeSeconds: sent %d, reported %d, want %d", got, wait, tt.want)
			}
		})
	}
}
