//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/messaging"
)

// rivalOrg is an organisation that must never see, change or use the demo organisation's data.
const rivalOrg = "rival"

// crossTenantCase is one request an administrator of the rival organisation makes with the demo
// organisation's ids.
type crossTenantCase struct {
	route, method, path, body string
	// want lists the statuses that count as a refusal; a 200 is allowed only for routes whose
	// answer is the rival's own (empty) data, which leaks() then reads.
	want []int
}

// demoFixture is the demo organisation's data the matrix aims at.
type demoFixture struct {
	phone, conversationID, attachmentID string
	tokenID                             string   // one of the demo's API tokens
	endpointID                          string   // one of the demo's platform event endpoints
	secrets                             []string // strings of the demo's data that must never reach the rival
}

// newDemoFixture gives the demo organisation a conversation (an inbound text from a new
// number) and an attachment, and lists what of them must never reach another organisation.
func newDemoFixture(t *testing.T) demoFixture {
	t.Helper()
	f := demoFixture{phone: newPhone()}
	f.conversationID = convID(f.phone)
	probe, err := e.sim.InjectText(f.phone, "Demo Resident", "cross-tenant probe")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the demo conversation", func() bool { return len(inboundOf(t, f.phone)) == 1 })
	// The assistant's answer to the probe is in before the matrix counts what moved.
	assistantHandled(t, f.phone, probe)
	f.attachmentID = uploadAttachment(t, "tenancy.pdf", "application/pdf", []byte("%PDF-1.7\n%tenancy\n"))
	_, rec, err := admin.Mint(context.Background(), e.store, messaging.Principal{OrgID: e.demo.OrgID, UserID: "u-tenancy", Name: "Tenancy Probe",
		Permissions: []string{messaging.PermWhatsAppSend}}, "tenancy probe", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	f.tokenID = rec.ID
	f.endpointID = demoEndpoint(t)
	f.secrets = []string{f.conversationID, f.attachmentID, f.tokenID, "tenancy probe", strings.TrimPrefix(f.phone, "+"), "cross-tenant probe",
		e.demo.PhoneNumberID, e.demo.WABAID, "JOB-1050", "Leaking kitchen tap", "Harbour Street",
		strings.TrimPrefix(e.demo.ResidentPhone, "+"), "appointment_reminder", e.demo.ProviderToken[len(e.demo.ProviderToken)-4:],
		"Jane Smith", "Riverside Court", "Reed Plumbing", "portal.example/pay", "Water leak in the bathroom", f.tokenID, "Tenancy Probe",
		f.endpointID, "tenancy-hooks"}
	return f
}

// crossTenantCases is every route and method of the API, aimed at the demo organisation's ids.
func crossTenantCases(f demoFixture) []crossTenantCase {
	job := fmt.Sprintf("/api/jobs/%d", e.demo.JobID)
	conv := "/api/whatsapp/conversations/" + f.conversationID
	refused := []int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	notFound := []int{http.StatusNotFound}
	return []crossTenantCase{
		{"ANY /api/whatsapp/send", "POST", "/api/whatsapp/send", sendBody(e.demo.JobID, f.phone, 3), refused},
		{"ANY /api/whatsapp/get-options", "GET", "/api/whatsapp/get-options", "", []int{http.StatusOK, http.StatusBadRequest}},
		{"ANY /api/whatsapp/conversations", "GET", "/api/whatsapp/conversations?limit=200", "", []int{http.StatusOK}},
		{"ANY /api/whatsapp/conversations/{conversation_id}", "GET", conv, "", notFound},
		{"ANY /api/whatsapp/conversations/{conversation_id}/messages", "GET", conv + "/messages", "", notFound},
		{"ANY /api/whatsapp/conversations/{conversation_id}/messages", "POST", conv + "/messages", `{"text":"hello from another organisation"}`, refused},
		{"ANY /api/jobs/{job_id}", "GET", job, "", notFound},
		// A PUT writes the rival's own job 1050 (jobs are per organisation); the demo's must not move.
		{"ANY /api/jobs/{job_id}", "PUT", job, `{"job_ref":"RIVAL-1","title":"Rival job","tenant_phone":"+447700900999"}`, []int{http.StatusOK, http.StatusCreated}},
		{"ANY /api/jobs/{job_id}/case-notes", "GET", job + "/case-notes", "", []int{http.StatusOK, http.StatusNotFound}},
		{"ANY /api/admin/whatsapp/settings", "GET", "/api/admin/whatsapp/settings", "", []int{http.StatusOK, http.StatusBadRequest, http.StatusNotFound}},
		// Claiming the demo's number and WABA with another token is refused, and the demo's
		// webhooks keep routing to the demo.
		{"ANY /api/admin/whatsapp/settings", "PUT", "/api/admin/whatsapp/settings", fmt.Sprintf(
			`{"provider":"meta","api_url":%q,"phone_number_id":%q,"waba_id":%q,"api_token":"rival-token-0001","app_secret":"rival-app-secret","verify_token":"rival-verify"}`,
			e.simURL, e.demo.PhoneNumberID, e.demo.WABAID), refused},
		{"ANY /api/admin/whatsapp/templates/sync", "POST", "/api/admin/whatsapp/templates/sync", "", refused},
		{"ANY /api/whatsapp/attachments", "POST", "/api/whatsapp/attachments",
			`{"file_name":"x.pdf","content_type":"application/pdf","size":10}`, []int{http.StatusOK, http.StatusNotFound, http.StatusUnprocessableEntity}},
		{"ANY /api/whatsapp/attachments/{attachment_id}", "GET", "/api/whatsapp/attachments/" + f.attachmentID, "", notFound},
		// The rival's own token list; revoking the demo's token is not found (and it still works).
		{"ANY /api/admin/api-tokens", "GET", "/api/admin/api-tokens?limit=200", "", []int{http.StatusOK}},
		{"ANY /api/admin/api-tokens/{token_id}", "DELETE", "/api/admin/api-tokens/" + f.tokenID, "", notFound},
		// The rival's own (empty) collection; the demo's contacts never appear in it.
		{"ANY /api/property/{collection}", "GET", "/api/property/contacts?limit=200", "", []int{http.StatusOK}},
		{"ANY /api/property/{collection}/{id}", "GET", "/api/property/sites/site-riverside", "", notFound},
		// A PUT writes the rival's own site-riverside (records are per organisation); the demo's must not move.
		{"ANY /api/property/{collection}/{id}", "PUT", "/api/property/sites/site-riverside", `{"name":"Rival Towers"}`, []int{http.StatusOK}},
		{"ANY /api/property/tickets/{ref}", "GET", "/api/property/tickets/TKT-2026-0042", "", notFound},
		{"ANY /api/whatsapp/conversations/{conversation_id}/handover", "POST", conv + "/handover", "", notFound},
		{"ANY /api/whatsapp/conversations/{conversation_id}/handover", "DELETE", conv + "/handover", "", notFound},
		// The link routes are the caller's own: the rival sees and changes only its own link
		// (its settings name no business number of the demo's).
		{"ANY /api/me/whatsapp-link", "GET", "/api/me/whatsapp-link", "", []int{http.StatusOK}},
		{"ANY /api/me/whatsapp-link", "POST", "/api/me/whatsapp-link", "", []int{http.StatusOK, http.StatusBadRequest}},
		{"ANY /api/me/whatsapp-link", "DELETE", "/api/me/whatsapp-link", "", []int{http.StatusOK}},
		// A staff message on the demo's ticket, an invitation to the demo's work order, and the
		// platform callback naming the demo's ticket and resident: not found, nothing sent.
		{"ANY /api/property/tickets/{ref}/messages", "POST", "/api/property/tickets/TKT-2026-0042/messages", `{"text":"hello from another organisation"}`, notFound},
		{"ANY /api/property/work-orders/{ref}/invitations", "POST", "/api/property/work-orders/WO-2026-0042/invitations", `{"vendor_id":"v-reed"}`, notFound},
		{"ANY /api/platform/ticket-messages", "POST", "/api/platform/ticket-messages", fmt.Sprintf(
			`{"ticket_ref":"TKT-2026-0042","text":"hello from another organisation","author":"Rival","reporter_phone":%q}`, e.demo.ResidentPhone), notFound},
		// Platform events: the rival's own (empty) list and its own new endpoint; the demo's
		// endpoint is not found for a read, a delete, a rotation or its delivery log.
		{"ANY /api/admin/events/endpoints", "GET", "/api/admin/events/endpoints", "", []int{http.StatusOK}},
		{"ANY /api/admin/events/endpoints", "POST", "/api/admin/events/endpoints", `{"url":"http://127.0.0.1:9/rival"}`, []int{http.StatusOK, http.StatusUnprocessableEntity}},
		{"ANY /api/admin/events/endpoints/{endpoint_id}", "GET", "/api/admin/events/endpoints/" + f.endpointID, "", notFound},
		{"ANY /api/admin/events/endpoints/{endpoint_id}", "DELETE", "/api/admin/events/endpoints/" + f.endpointID, "", notFound},
		{"ANY /api/admin/events/endpoints/{endpoint_id}/rotate-secret", "POST", "/api/admin/events/endpoints/" + f.endpointID + "/rotate-secret", "", notFound},
		{"ANY /api/admin/events/endpoints/{endpoint_id}/deliveries", "GET", "/api/admin/events/endpoints/" + f.endpointID + "/deliveries", "", notFound},
	}
}

// demoEndpoint gives the demo organisation a platform event endpoint (the only events it
// takes, ticket.created, come from no test meanwhile) and deletes it when the test ends.
func demoEndpoint(t *testing.T) string {
	t.Helper()
	r := call(t, "POST", "/api/admin/events/endpoints", e.demo.StaffToken, `{"url":"http://127.0.0.1:9/tenancy-hooks","kinds":["ticket.created"]}`)
	data, _ := r.Body["data"].(map[string]any)
	id, _ := data["id"].(string)
	if r.Status != http.StatusOK || id == "" {
		t.Fatalf("demo endpoint: %d %s", r.Status, r.Raw)
	}
	watch("signing secret", fmt.Sprint(data["signing_secret"]))
	t.Cleanup(func() { call(t, "DELETE", "/api/admin/events/endpoints/"+id, e.demo.StaffToken, "") })
	return id
}

// TestCrossTenantMatrix calls every route and method of the API as another organisation's
// administrator with the demo organisation's ids: each is refused or answers with the caller's
// own data only, nothing of the demo's appears in any answer, and the demo's data is as it was.
func TestCrossTenantMatrix(t *testing.T) {
	f := newDemoFixture(t)
	// The rival's administrator also holds the platform callback's permission, so that route is
	// refused for the tenancy, not the permission.
	rival := mint(t, rivalOrg, append(slices.Clone(admin.AllPermissions), messaging.PermPlatformCallback)...)
	cases := crossTenantCases(f)

	// Every route and method the API answers has a case, so a new route cannot skip the matrix.
	for key, rt := range api.Routes() {
		for _, m := range rt.Methods {
			if !slices.ContainsFunc(cases, func(c crossTenantCase) bool { return c.route == key && c.method == m }) {
				t.Errorf("no cross-tenant case for %s %s", m, key)
			}
		}
	}

	ctx := context.Background()
	jobBefore, err := e.store.GetJob(ctx, e.demo.OrgID, e.demo.JobID)
	if err != nil {
		t.Fatal(err)
	}
	settingsBefore, err := e.store.GetSettings(ctx, e.demo.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	sentBefore := len(sentTo(f.phone))
	residentBefore, contractorBefore := len(sentTo(e.demo.ResidentPhone)), len(sentTo(e.demo.ContractorPhone))
	woBefore, err := e.store.WorkOrder(ctx, e.demo.OrgID, "WO-2026-0042")
	if err != nil {
		t.Fatal(err)
	}
	ticketBefore, err := e.store.Ticket(ctx, e.demo.OrgID, "TKT-2026-0042")
	if err != nil {
		t.Fatal(err)
	}
	messagesBefore := len(messagesOf(t, f.phone))

	for _, c := range cases {
		t.Run(c.method+" "+c.route, func(t *testing.T) {
			r := call(t, c.method, c.path, rival, c.body)
			if !slices.Contains(c.want, r.Status) {
				t.Errorf("got %d %s, want one of %v", r.Status, r.Raw, c.want)
			}
			if r.Status == http.StatusNotFound && r.Body["error"] == nil {
				t.Errorf("404 without the envelope's error: %s", r.Raw)
			}
			for _, s := range f.secrets {
				if strings.Contains(r.Raw, s) {
					t.Errorf("the answer carries the demo organisation's %q: %s", s, r.Raw)
				}
			}
		})
	}

	settle(t)
	jobAfter, err := e.store.GetJob(ctx, e.demo.OrgID, e.demo.JobID)
	if err != nil {
		t.Fatal(err)
	}
	if jobAfter.Title != jobBefore.Title || jobAfter.TenantPhone != jobBefore.TenantPhone || jobAfter.UpdatedAt != jobBefore.UpdatedAt {
		t.Errorf("the demo's job moved: got %+v, want %+v", jobAfter, jobBefore)
	}
	settingsAfter, err := e.store.GetSettings(ctx, e.demo.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	if settingsAfter.PhoneNumberID != settingsBefore.PhoneNumberID || settingsAfter.WABAID != settingsBefore.WABAID || settingsAfter.UpdatedAt != settingsBefore.UpdatedAt {
		t.Errorf("the demo's settings moved: got %+v, want %+v", settingsAfter, settingsBefore)
	}
	if site, err := e.store.GetRecord(ctx, e.demo.OrgID, "sites", "site-riverside"); err != nil || !strings.Contains(fmt.Sprint(site), "Riverside Court") {
		t.Errorf("the demo's site moved: got %+v, %v", site, err)
	}
	if got := len(sentTo(f.phone)); got != sentBefore {
		t.Errorf("the provider received %d messages to the demo's contact, want %d", got, sentBefore)
	}
	if r, c := len(sentTo(e.demo.ResidentPhone)), len(sentTo(e.demo.ContractorPhone)); r != residentBefore || c != contractorBefore {
		t.Errorf("the provider received %d messages to the demo's resident and %d to its contractor, want none", r-residentBefore, c-contractorBefore)
	}
	if w, err := e.store.WorkOrder(ctx, e.demo.OrgID, "WO-2026-0042"); err != nil || w.UpdatedAt != woBefore.UpdatedAt || len(w.Notes) != len(woBefore.Notes) {
		t.Errorf("the demo's work order moved: got %+v, %v, want %+v", w, err, woBefore)
	}
	if tk, err := e.store.Ticket(ctx, e.demo.OrgID, "TKT-2026-0042"); err != nil || len(tk.Messages) != len(ticketBefore.Messages) {
		t.Errorf("the demo's ticket moved: got %+v, %v, want %d messages", tk, err, len(ticketBefore.Messages))
	}
	if got := len(messagesOf(t, f.phone)); got != messagesBefore {
		t.Errorf("the demo's conversation has %d messages, want %d", got, messagesBefore)
	}
	// The demo's webhooks still reach the demo: a new inbound text lands in its conversation.
	if _, err := e.sim.InjectText(f.phone, "Demo Resident", "still routed"); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the demo's next inbound text", func() bool { return len(inboundOf(t, f.phone)) == 2 })
	if strings.Contains(call(t, "GET", "/api/whatsapp/conversations/"+f.conversationID+"/messages", e.demo.StaffToken, "").Raw, "still routed") == false {
		t.Error("the demo's conversation does not show the inbound text after the matrix")
	}
}
