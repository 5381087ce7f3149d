//go:build e2e

package e2e

import (
	"net/http"
	"net/http/httptest"
	"path"
	"sync"
	"testing"
	"time"

	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

// gateTTL is how long the emitting functions trust what they read of an organisation's
// endpoints in these tests (PLATFORM_EVENT_GATE_TTL; 60 s when deployed): long enough that the
// request figures see the gate's read once per warm path, as a deployment would.
const gateTTL = 5 * time.Second

// gateCleanups holds the tests that wait for the gate after deleting their endpoints.
var gateCleanups sync.Map

// awaitGate waits until every function instance has forgotten what it read of the
// organisation's endpoints before a change.
func awaitGate() { time.Sleep(gateTTL + 300*time.Millisecond) }

// eventSends counts the sqs:SendMessage requests the functions have made to
// PlatformEventQueue so far.
func eventSends() int {
	arn := "arn:aws:sqs:" + local.Region + ":" + local.AccountID + ":" + path.Base(e.stack.Resource("PlatformEventQueue"))
	n := 0
	for fn, calls := range e.stack.CallsByFunction() {
		if fn == local.TestCaller {
			continue
		}
		for c, k := range calls {
			if c.Operation == "sqs:SendMessage" && c.Resource == arn {
				n += k
			}
		}
	}
	return n
}

// TestPlatformEventsOnlyWhenWanted holds that the emitting functions put on PlatformEventQueue
// only the events some endpoint of the organisation wants: with no endpoint, a send, its status
// and an inbound text put nothing there; with an endpoint for message.received alone, the text
// puts its message.received there and the send and its status still nothing.
func TestPlatformEventsOnlyWhenWanted(t *testing.T) {
	r := call(t, "GET", "/api/admin/events/endpoints", e.demo.StaffToken, "")
	if r.Status != http.StatusOK {
		t.Fatalf("list endpoints: %d %s", r.Status, r.Raw)
	}
	if eps, _ := r.Body["data"].([]any); len(eps) != 0 {
		t.Fatalf("the demo organisation has %d endpoints, want none before this test", len(eps))
	}
	awaitGate()
	// exchange sends a template that reaches sent, then lets the person write, and returns the
	// events the functions queued meanwhile.
	exchange := func(t *testing.T) (sendAndStatus, text int) {
		t.Helper()
		phone := newPhone()
		e.sim.ScriptStatuses(simulator.StatusScript{To: phone, Statuses: []string{"sent"}})
		before := eventSends()
		wamid := sendTemplate(t, phone)
		eventually(t, 20*time.Second, "sent", func() bool { n, ok := noteOf(t, wamid); return ok && n.Status == messaging.StatusSent })
		settle(t)
		sendAndStatus = eventSends() - before
		before = eventSends()
		if _, err := e.sim.InjectText(phone, "Quiet Person", "Is anyone there?"); err != nil {
			t.Fatal(err)
		}
		eventually(t, 20*time.Second, "the message", func() bool { return len(inboundOf(t, phone)) == 1 })
		settle(t)
		return sendAndStatus, eventSends() - before
	}
	t.Run("no endpoint: nothing queued", func(t *testing.T) {
		sendAndStatus, text := exchange(t)
		if sendAndStatus != 0 || text != 0 {
			t.Fatalf("events queued: got %d for the send and its status and %d for the text, want 0 and 0", sendAndStatus, text)
		}
	})
	t.Run("an endpoint for message.received: the text's event alone", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
		t.Cleanup(srv.Close)
		addEndpoint(t, srv.URL+"/received", platformevent.KindMessageReceived)
		awaitGate()
		sendAndStatus, text := exchange(t)
		if sendAndStatus != 0 || text < 1 {
			t.Fatalf("events queued: got %d for the send and its status and %d for the text, want 0 and at least 1", sendAndStatus, text)
		}
	})
}
