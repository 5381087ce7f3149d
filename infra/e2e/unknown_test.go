//go:build e2e

package e2e

import (
	"net/http"
	"testing"
	"time"

	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/messaging"
)

// unknownWait is how long the stack's sends of unknown outcome wait for a status
// (sending.UnknownWaitEnv; minutes in a deployment).
const unknownWait = 20 * time.Second

func TestProviderTimeoutReachesThePersonOnce(t *testing.T) {
	phone := newPhone()
	// The provider takes the message but answers only after the API's 8 s client timeout; its
	// status webhooks (carrying our callback data) follow.
	e.sim.Script(simulator.Fault{Delay: 10 * time.Second, To: phone})
	e.sim.ScriptStatuses(simulator.StatusScript{To: phone, Statuses: []string{simulator.StatusSent, simulator.StatusDelivered}})
	r := call(t, "POST", "/api/whatsapp/send", e.demo.StaffToken, sendBody(1050, phone, 1))
	if r.Status != http.StatusAccepted {
		t.Fatalf("got %d %s, want 202 queued while the outcome is unknown", r.Status, r.Raw)
	}
	data, _ := r.Body["data"].(map[string]any)
	id, _ := data["message_id"].(string)
	eventually(t, 30*time.Second, "the status webhooks to reach the note", func() bool {
		n, ok := noteByID(t, 1050, id)
		return ok && n.Status == messaging.StatusDelivered
	})
	// The queued copy comes back once the wait is over, finds the message settled by its
	// status, and is done without sending.
	time.Sleep(unknownWait)
	waitIdle(t)
	sent := sentTo(phone)
	if len(sent) != 1 {
		t.Fatalf("the person received the template %d times, want 1", len(sent))
	}
	n, _ := noteByID(t, 1050, id)
	if n.Status != messaging.StatusDelivered || n.ProviderMessage != sent[0].WAMID {
		t.Errorf("note = %s with %s, want delivered with %s", n.Status, n.ProviderMessage, sent[0].WAMID)
	}
}
