package local

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCounterRoutesSQSToItsServer: with the queues on their own server (ElasticMQ), SQS
// requests go there and every other request to moto, and both are counted.
func TestCounterRoutesSQSToItsServer(t *testing.T) {
	backend := func(name string) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(name)) }))
	}
	moto, queues := backend("moto"), backend("queues")
	defer moto.Close()
	defer queues.Close()
	c, err := newCounter(moto.URL, queues.URL, newLatencies())
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	tests := []struct {
		target, want string
	}{
		{"AmazonSQS.SendMessageBatch", "queues"},
		{"AmazonSQS.ReceiveMessage", "queues"},
		{"DynamoDB_20120810.PutItem", "moto"},
		{"AmazonSSM.GetParameter", "moto"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, c.URL()+"/", strings.NewReader("{}"))
			req.Header.Set("X-Amz-Target", tt.target)
			req.Header.Set("Content-Type", "application/x-amz-json-1.0")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var b strings.Builder
			_, _ = io.Copy(&b, resp.Body)
			if got := b.String(); got != tt.want {
				t.Errorf("answered by %q, want %q", got, tt.want)
			}
		})
	}
	total := 0
	for _, n := range c.snapshot() {
		total += n
	}
	if got, want := total, len(tests); got != want {
		t.Errorf("counted %d requests (%v), want %d", got, c.snapshot(), want)
	}
}
