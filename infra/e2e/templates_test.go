//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/messaging"
)

// optionView is one template as get-options lists it.
type optionView struct {
	ID     int    `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// options returns get-options' templates (query "" or "?status=all") by name.
func options(t *testing.T, query string) map[string]optionView {
	t.Helper()
	r := call(t, "GET", "/api/whatsapp/get-options"+query, e.demo.StaffToken, "")
	if r.Status != http.StatusOK || r.Body["success"] != true {
		t.Fatalf("get-options%s: got %d %s, want 200 success", query, r.Status, r.Raw)
	}
	var body struct {
		Data []optionView `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.Raw), &body); err != nil {
		t.Fatal(err)
	}
	out := map[string]optionView{}
	for _, v := range body.Data {
		out[v.Name] = v
	}
	return out
}

// storedStatus is the demo organisation's stored status of a template.
func storedStatus(t *testing.T, name string) string {
	t.Helper()
	ts, err := e.store.ListTemplates(context.Background(), e.demo.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tpl := range ts {
		if tpl.Name == name {
			return tpl.Status
		}
	}
	return ""
}

// TestTemplateReviewWebhookRefreshesStatus: Meta approves the demo's pending gas_safety_notice
// and says so in a signed message_template_status_update webhook that names only the WABA; the
// webhook routes it by the WABA, the inbound processor refreshes the stored status, and
// get-options offers the template for sending.
func TestTemplateReviewWebhookRefreshesStatus(t *testing.T) {
	ctx := context.Background()
	const name, lang = "gas_safety_notice", "en_GB"
	var pending messaging.Template
	for _, tpl := range e.sim.Templates() {
		if tpl.Name == name && tpl.Language == lang {
			pending = tpl
		}
	}
	if pending.Status != messaging.TemplatePending || storedStatus(t, name) != messaging.TemplatePending {
		t.Fatalf("the demo's %s is %s at the simulator and %s stored, want PENDING at both", name, pending.Status, storedStatus(t, name))
	}
	// Later tests expect the seed: the template pending again at the simulator and in the store.
	t.Cleanup(func() {
		e.sim.PutTemplate(pending)
		if _, err := e.store.SetTemplateStatus(ctx, e.demo.OrgID, name, lang, messaging.TemplatePending); err != nil {
			t.Errorf("restore %s: %v", name, err)
		}
	})
	if _, listed := options(t, "")[name]; listed {
		t.Fatalf("get-options lists the pending %s before its approval", name)
	}
	before := options(t, "?status=all")[name]

	codes, err := e.sim.SendTemplateReview(ctx, simulator.TemplateReview{WABAID: e.demo.WABAID, Name: name, Language: lang, Event: messaging.TemplateApproved})
	if err != nil || len(codes) != 1 || codes[0] != http.StatusOK {
		t.Fatalf("template review webhook: answers %v, %v; want one 200", codes, err)
	}
	eventually(t, 15*time.Second, name+" approved in the store", func() bool {
		return storedStatus(t, name) == messaging.TemplateApproved
	})
	got, listed := options(t, "")[name]
	if !listed {
		t.Fatalf("get-options does not list %s after its approval", name)
	}
	if got.ID != before.ID || got.Status != messaging.TemplateApproved {
		t.Errorf("get-options lists %+v, want id %d APPROVED", got, before.ID)
	}
}

// TestScheduledTemplateSync: a template added at the provider appears after the scheduled sync
// runs, with a new id, and every template keeps the id it had; a second run changes no id.
func TestScheduledTemplateSync(t *testing.T) {
	ctx := context.Background()
	const name = "boiler_service_due"
	before := options(t, "?status=all")
	if _, ok := before[name]; ok {
		t.Fatalf("%s is listed before it exists at the provider", name)
	}
	// PENDING keeps it out of the default get-options (the contract's example).
	e.sim.PutTemplate(messaging.Template{Name: name, Language: "en_GB", Category: "UTILITY", Status: messaging.TemplatePending,
		ParameterFormat: messaging.FormatNamed, Components: []messaging.Component{{Type: "BODY",
			Text: "Your boiler service at {{property_address}} is due on {{due_date}}."}}})

	for run := 1; run <= 2; run++ {
		if err := e.stack.FireSchedule(ctx, "TemplateSyncFunction"); err != nil {
			t.Fatalf("run %d of the template sync schedule: %v", run, err)
		}
		after := options(t, "?status=all")
		added, ok := after[name]
		if !ok {
			t.Fatalf("run %d: get-options?status=all does not list %s", run, name)
		}
		for n, old := range before {
			if after[n].ID != old.ID {
				t.Errorf("run %d: %s has id %d, want its old id %d", run, n, after[n].ID, old.ID)
			}
			if n != name && old.ID == added.ID {
				t.Errorf("run %d: %s got id %d, which %s already has", run, name, added.ID, n)
			}
		}
		if added.Status != messaging.TemplatePending {
			t.Errorf("run %d: %s is %s, want PENDING as the provider lists it", run, name, added.Status)
		}
		if run == 1 {
			before[name] = added
		}
	}
}
