package dynamotest

import (
	"net/http"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// serialTransport lets one request at a time reach the server.
type serialTransport struct {
	mu   *sync.Mutex
	next http.RoundTripper
}

func (t serialTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.next.RoundTrip(r)
}

// serial is shared by every config Serialized returns, so all clients built from them queue
// behind one another.
var serial sync.Mutex

// Serialized returns cfg with an HTTP client that sends one request at a time. DynamoDB makes
// every conditional write atomic; moto checks a condition and writes in separate steps without
// a lock, so concurrent requests can both pass one condition. Serializing the requests restores
// DynamoDB's per-request atomicity while goroutines still interleave between requests, which is
// where the races of the code under test live.
func Serialized(cfg aws.Config) aws.Config {
	cfg.HTTPClient = &http.Client{Transport: serialTransport{mu: &serial, next: http.DefaultTransport}}
	return cfg
}
