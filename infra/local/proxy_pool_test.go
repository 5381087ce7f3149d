package local

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestCounterReusesUpstreamConnections: rounds of concurrent requests through the counting
// proxy reuse its connections to moto instead of opening one per request (http.DefaultTransport
// keeps 2 idle per host, so every round after the first opened ~18 more).
func TestCounterReusesUpstreamConnections(t *testing.T) {
	const concurrent, rounds = 20, 4
	var opened atomic.Int64
	release := make(chan struct{})
	var arrived sync.WaitGroup
	backend := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived.Done()
		<-release
		_, _ = w.Write([]byte("{}"))
	}))
	backend.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			opened.Add(1)
		}
	}
	backend.Start()
	defer backend.Close()
	c, err := newCounter(backend.URL, backend.URL, newLatencies())
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: concurrent}}
	for range rounds {
		arrived.Add(concurrent)
		release = make(chan struct{})
		var done sync.WaitGroup
		for range concurrent {
			done.Add(1)
			go func() {
				defer done.Done()
				req, _ := http.NewRequest(http.MethodPost, c.URL()+"/", strings.NewReader("{}"))
				req.Header.Set("X-Amz-Target", "DynamoDB_20120810.GetItem")
				resp, err := client.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			}()
		}
		arrived.Wait() // every request of the round is in flight at once
		close(release)
		done.Wait()
	}
	if got, want := opened.Load(), int64(concurrent); got > want {
		t.Errorf("the proxy opened %d connections to moto for %d rounds of %d concurrent requests, want at most %d", got, rounds, concurrent, want)
	}
}
