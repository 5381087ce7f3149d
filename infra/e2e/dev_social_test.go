//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/messaging"
)

// TestDevSocialDemo: make dev's End User Messaging Social organisation, seeded as make dev seeds
// it, does what its banner says - the template send goes out through the service from the
// linked number, and the resident's message to that number lands in the conversation the
// banner names.
func TestDevSocialDemo(t *testing.T) {
	ctx := context.Background()
	d, err := admin.SeedSocialDemo(ctx, e.store, local.Region, local.AccountID, e.sim.Templates(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	watch("API token", d.StaffToken)
	watch("phone number", d.ResidentPhone)
	r := call(t, "POST", "/api/whatsapp/send", d.StaffToken, fmt.Sprintf(`{"job_id": %d, "phone_number": %q, "template_id": 3}`, d.JobID, d.ResidentPhone))
	if r.Status != 200 && r.Status != 202 {
		t.Fatalf("the banner's send: got %d %s, want 200 or 202", r.Status, r.Raw)
	}
	eventually(t, 20*time.Second, "the template sent through the service", func() bool {
		for _, m := range sentTo(d.ResidentPhone) {
			if m.Provider == messaging.ProviderAWSSocial && m.PhoneNumberID == admin.DemoSocialPhoneNumberID && m.Template != "" {
				return true
			}
		}
		return false
	})
	if _, err := e.sim.Inject(ctx, simulator.Inbound{From: d.ResidentPhone, PhoneNumberID: admin.DemoSocialPhoneNumberID, Text: "Is the plumber still coming?"}); err != nil {
		t.Fatal(err)
	}
	conv := messaging.ConversationID(d.OrgID, d.PhoneNumberID, d.ResidentPhone)
	eventually(t, 30*time.Second, "the resident's text in the banner's conversation", func() bool {
		_, msgs, _, err := e.store.ConversationWithMessages(ctx, d.OrgID, conv, 0, 0)
		for _, m := range msgs {
			if err == nil && m.Text == "Is the plumber still coming?" {
				return true
			}
		}
		return false
	})
}
