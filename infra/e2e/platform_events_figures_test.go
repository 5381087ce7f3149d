//go:build e2e

package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/proplink/chat/shared/platformevent"
)

// TestPlatformEventFigures measures event delivery latency on the local stack: from a person's
// message acknowledged by the webhook to its message.received at the organisation's endpoint,
// for 50 messages from 10 people sent at once. It logs p50 and p99 and asserts only that every
// event arrived once per id.
func TestPlatformEventFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("figures: 50 messages end to end")
	}
	const people, each = 10, 5
	phones := make([]string, people)
	for i := range phones {
		phones[i] = newPhone()
	}
	var mu sync.Mutex
	arrived := map[string]time.Time{} // phone/text → first arrival
	rc := &receiver{attempts: map[string]int{}, status: func(string, platformevent.Event, int) int { return http.StatusNoContent }}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc.ServeHTTP(w, r)
		mu.Lock()
		defer mu.Unlock()
		d := rc.got[len(rc.got)-1]
		if d.event.Type != platformevent.KindMessageReceived {
			return
		}
		for _, p := range phones {
			if about(d.event, p) {
				if k := p + "/" + textOf(d.event); arrived[k].IsZero() {
					arrived[k] = d.at
				}
			}
		}
	}))
	t.Cleanup(srv.Close)
	addEndpoint(t, srv.URL+"/figures", platformevent.KindMessageReceived)
	awaitGate()

	sent := map[string]time.Time{}
	var wg sync.WaitGroup
	for _, p := range phones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				text := fmt.Sprintf("figure %d", i)
				if _, err := e.sim.InjectText(p, "Figures", text); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				sent[p+"/"+text] = time.Now()
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	eventually(t, 120*time.Second, "every message.received", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(arrived) == people*each
	})
	var lat []time.Duration
	for k, at := range arrived {
		lat = append(lat, at.Sub(sent[k]))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	t.Logf("webhook acknowledged → message.received at the endpoint, %d events: p50 %v, p99 %v, max %v",
		len(lat), lat[len(lat)/2].Round(time.Millisecond), lat[len(lat)*99/100].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	ids := map[string]int{}
	for _, p := range phones {
		for _, d := range rc.of("/figures", p) {
			ids[d.event.ID]++
		}
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("event %s delivered %d times to an endpoint that always answered 204, want once", id, n)
		}
	}
}
