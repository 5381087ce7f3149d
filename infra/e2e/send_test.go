//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/messaging"
)

// seedOptions is the data of the contract's GET /api/whatsapp/get-options example, verbatim.
const seedOptions = `[
 {"id":1,"name":"job_created","display_name":"Job Created Notification","description":"Notify the tenant that a new job has been raised for their property","language":"en_GB","category":"UTILITY","status":"APPROVED","variables":["job_ref","property_address","job_type"]},
 {"id":2,"name":"contractor_assigned","display_name":"Contractor Assigned","description":"Inform the tenant of the contractor who will attend","language":"en_GB","category":"UTILITY","status":"APPROVED","variables":["contractor_name","contractor_phone","scheduled_date"]},
 {"id":3,"name":"appointment_reminder","display_name":"Appointment Reminder","description":"Remind the tenant of an upcoming appointment the day before","language":"en_GB","category":"UTILITY","status":"APPROVED","variables":["tenant_first_name","appointment_date","time_window"]},
 {"id":4,"name":"job_completed","display_name":"Job Completed","description":"Notify the tenant that their repair has been completed","language":"en_GB","category":"UTILITY","status":"APPROVED","variables":["job_ref","completion_date"]}
]`

func TestSeedExampleGetOptions(t *testing.T) {
	r := call(t, "GET", "/api/whatsapp/get-options", e.demo.StaffToken, "")
	if r.Status != http.StatusOK || r.Body["success"] != true {
		t.Fatalf("got %d %s, want 200 success", r.Status, r.Raw)
	}
	var want any
	if err := json.Unmarshal([]byte(seedOptions), &want); err != nil {
		t.Fatal(err)
	}
	// The demo also holds the assistant's templates (ticket_update, work_order_invitation)
	// after the contract's four: those four come first, verbatim.
	got, _ := r.Body["data"].([]any)
	if len(got) < 4 {
		t.Fatalf("get-options: got %d templates, want at least the contract's 4: %s", len(got), r.Raw)
	}
	if diff := cmp.Diff(want, got[:4]); diff != "" {
		t.Errorf("get-options data differs from the contract's example (-want +got):\n%s", diff)
	}
}

func TestSeedExampleSend(t *testing.T) {
	// The contract's curl example, verbatim but for host and token.
	r := call(t, "POST", "/api/whatsapp/send", e.demo.StaffToken,
		`{"job_id": 1050, "phone_number": "+447700900123", "template_id": 3}`)
	if r.Status != http.StatusOK {
		t.Fatalf("got %d %s, want 200", r.Status, r.Raw)
	}
	data, _ := r.Body["data"].(map[string]any)
	wamid, _ := data["message_id"].(string)
	if !strings.HasPrefix(wamid, "wamid.") || data["status"] != "sent" || data["recipient"] != "+447700900123" ||
		data["template"] != "appointment_reminder" || r.Body["message"] != "WhatsApp message sent successfully" {
		t.Errorf("got %s, want the contract's success shape with a wamid", r.Raw)
	}
	for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
		if r.Header.Get(h) == "" {
			t.Errorf("header %s missing", h)
		}
	}
	// What the provider received.
	var got *simulator.SentMessage
	for _, m := range e.sim.Sent() {
		if m.WAMID == wamid {
			got = &m
		}
	}
	if got == nil {
		t.Fatalf("the simulator has no message %s", wamid)
	}
	params := map[string]string{}
	for _, c := range got.Request.Template.Components {
		for _, p := range c.Parameters {
			params[p.ParameterName] = p.Text
		}
	}
	london, _ := time.LoadLocation("Europe/London")
	wantParams := map[string]string{
		"tenant_first_name": "Sam",
		"appointment_date":  time.Now().In(london).AddDate(0, 0, 1).Format("Monday 2 January 2006"),
		"time_window":       "08:00-12:00",
	}
	if diff := cmp.Diff(wantParams, params); diff != "" || got.To != "447700900123" || got.Template != "appointment_reminder" || got.Language != "en_GB" {
		t.Errorf("provider got to=%s template=%s/%s params diff (-want +got):\n%s", got.To, got.Template, got.Language, diff)
	}
	// The case note on job 1050, with the provider's id, status and the rendered text.
	var note messaging.CaseNote
	eventually(t, 15*time.Second, "the case note", func() bool {
		for _, n := range notesTo(t, admin.DemoJobID, "+447700900123") {
			if n.ProviderMessage == wamid {
				note = n
				return true
			}
		}
		return false
	})
	if !delivering(note.Status) || note.Template != "appointment_reminder" || note.AuthorName != "Demo Manager" ||
		!strings.Contains(note.Text, "Sam") || !strings.Contains(note.Text, "08:00-12:00") {
		t.Errorf("got note %+v", note)
	}
	// And the platform reads it through the API.
	lr := call(t, "GET", "/api/jobs/1050/case-notes?limit=200", e.demo.StaffToken, "")
	if lr.Status != http.StatusOK || !strings.Contains(lr.Raw, wamid) {
		t.Errorf("case-notes list: got %d %s, want it to hold %s", lr.Status, lr.Raw, wamid)
	}
}

func TestErrorAnswers(t *testing.T) {
	noPerm := mint(t, e.demo.OrgID, messaging.PermJobsManage)
	unconfigured := mint(t, "org-without-whatsapp", messaging.PermWhatsAppSend)
	phone := newPhone()
	tests := []struct {
		name, method, path, token, body string
		status                          int
		errText                         string
	}{
		{"job id missing", "POST", "/api/whatsapp/send", e.demo.StaffToken, `{"phone_number": "+447700900123", "template_id": 3}`, 400, "Job ID is required"},
		{"bad phone", "POST", "/api/whatsapp/send", e.demo.StaffToken, `{"job_id": 1050, "phone_number": "07700 900123", "template_id": 3}`, 400, "Invalid phone number format. Use E.164 format, e.g. +447700900123"},
		{"not configured", "POST", "/api/whatsapp/send", unconfigured, sendBody(1050, phone, 3), 400, "WhatsApp integration is not configured"},
		{"not configured options", "GET", "/api/whatsapp/get-options", unconfigured, "", 400, "WhatsApp integration is not configured"},
		{"no token", "POST", "/api/whatsapp/send", "", sendBody(1050, phone, 3), 401, "Authentication required. Please log in."},
		{"bad token", "POST", "/api/whatsapp/send", "plk_demo_notarealtoken", sendBody(1050, phone, 3), 401, "Authentication required. Please log in."},
		{"no permission", "POST", "/api/whatsapp/send", noPerm, sendBody(1050, phone, 3), 403, "You do not have permission to perform this action"},
		{"unknown job", "POST", "/api/whatsapp/send", e.demo.StaffToken, sendBody(999999, phone, 3), 404, "Job not found. It may not exist, have been deleted, or belong to a different organisation."},
		{"unknown template", "POST", "/api/whatsapp/send", e.demo.StaffToken, sendBody(1050, phone, 99), 404, "Template not found. It may not exist, have been deleted, or belong to a different organisation."},
		{"template not approved", "POST", "/api/whatsapp/send", e.demo.StaffToken, sendBody(1050, phone, 5), 422, ""},
		{"variable without value", "POST", "/api/whatsapp/send", e.demo.StaffToken, sendBody(1050, phone, 4), 422, "Missing value for template variable: completion_date"},
		{"not json", "POST", "/api/whatsapp/send", e.demo.StaffToken, `job_id=1050`, 400, "Request body must be a JSON object"},
	}
	// The requests the OpenAPI document refuses; the others match it and are refused for what
	// they mean.
	offDocument := map[string]bool{"job id missing": true, "bad phone": true, "not json": true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			do := call
			if offDocument[tt.name] {
				do = callInvalid
			}
			r := do(t, tt.method, tt.path, tt.token, tt.body)
			if r.Status != tt.status || r.Body["success"] != false {
				t.Fatalf("got %d %s, want %d and success false", r.Status, r.Raw, tt.status)
			}
			if tt.errText != "" && r.Body["error"] != tt.errText {
				t.Errorf("got error %q, want %q", r.Body["error"], tt.errText)
			}
		})
	}
	if n := len(sentTo(phone)); n != 0 {
		t.Errorf("refused requests reached the provider %d times", n)
	}
	t.Run("GET on send is 405 with Allow", func(t *testing.T) {
		r := callInvalid(t, "GET", "/api/whatsapp/send", e.demo.StaffToken, "")
		if r.Status != http.StatusMethodNotAllowed || r.Header.Get("Allow") != "POST" {
			t.Errorf("got %d Allow=%q, want 405 Allow=POST", r.Status, r.Header.Get("Allow"))
		}
	})
}

func TestTwentyFirstSendInAMinuteIs429(t *testing.T) {
	tok := mint(t, e.demo.OrgID, messaging.PermWhatsAppSend)
	for i := 1; i <= 20; i++ {
		r := call(t, "POST", "/api/whatsapp/send", tok, sendBody(1050, newPhone(), 1))
		if r.Status != http.StatusOK && r.Status != http.StatusAccepted {
			t.Fatalf("send %d: got %d %s", i, r.Status, r.Raw)
		}
	}
	phone := newPhone()
	r := call(t, "POST", "/api/whatsapp/send", tok, sendBody(1050, phone, 1))
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("21st send: got %d %s, want 429", r.Status, r.Raw)
	}
	if r.Header.Get("Retry-After") == "" || r.Header.Get("X-RateLimit-Remaining") != "0" || r.Header.Get("X-RateLimit-Limit") != "20" {
		t.Errorf("429 headers: Retry-After=%q Remaining=%q Limit=%q", r.Header.Get("Retry-After"), r.Header.Get("X-RateLimit-Remaining"), r.Header.Get("X-RateLimit-Limit"))
	}
	if len(sentTo(phone)) != 0 {
		t.Errorf("the refused send reached the provider")
	}
}

func TestProviderOutageEndsSentOnceWithOneNote(t *testing.T) {
	phone := newPhone()
	// The API's attempt and the sender's first attempt both meet a 503.
	e.sim.Script(simulator.Fault{Count: 2, HTTPStatus: 503, To: phone})
	r := call(t, "POST", "/api/whatsapp/send", e.demo.StaffToken, sendBody(1050, phone, 1))
	if r.Status != http.StatusAccepted {
		t.Fatalf("got %d %s, want 202 queued", r.Status, r.Raw)
	}
	data, _ := r.Body["data"].(map[string]any)
	id, _ := data["message_id"].(string)
	if data["status"] != "queued" || id == "" {
		t.Fatalf("got %s, want status queued with our message id", r.Raw)
	}
	eventually(t, 60*time.Second, "the sender to deliver after the outage", func() bool { return len(sentTo(phone)) > 0 })
	waitIdle(t)
	if n := len(sentTo(phone)); n != 1 {
		t.Errorf("provider received the message %d times, want 1", n)
	}
	notes := notesTo(t, 1050, phone)
	if len(notes) != 1 || notes[0].ID != id || !delivering(notes[0].Status) || notes[0].ProviderMessage != sentTo(phone)[0].WAMID {
		t.Errorf("got notes %+v, want one accepted note %s with the wamid", notes, id)
	}
}

func TestRedeliveryNeverSendsTwice(t *testing.T) {
	phone := newPhone()
	m := reminderMessage(t, phone)
	enqueue(t, m, m.ID)
	eventually(t, 30*time.Second, "the first delivery", func() bool { return len(sentTo(phone)) == 1 })
	waitIdle(t)
	// The same message again, as SQS would redeliver it after a lost acknowledgement.
	enqueue(t, m, m.ID+"-redelivery")
	waitIdle(t)
	if n := len(sentTo(phone)); n != 1 {
		t.Errorf("provider received the message %d times, want 1", n)
	}
	if notes := notesTo(t, 1050, phone); len(notes) != 1 {
		t.Errorf("got %d notes, want 1", len(notes))
	}
}

func TestIdempotencyKey(t *testing.T) {
	phone := newPhone()
	body := sendBody(1050, phone, 1)
	first := call(t, "POST", "/api/whatsapp/send", e.demo.StaffToken, body, "Idempotency-Key", "key-"+phone)
	again := call(t, "POST", "/api/whatsapp/send", e.demo.StaffToken, body, "Idempotency-Key", "key-"+phone)
	if first.Status != http.StatusOK || again.Status != first.Status || again.Raw != first.Raw {
		t.Fatalf("first %d %s, again %d %s: want the same answer", first.Status, first.Raw, again.Status, again.Raw)
	}
	if n := len(sentTo(phone)); n != 1 {
		t.Errorf("provider received %d messages, want 1", n)
	}
	other := call(t, "POST", "/api/whatsapp/send", e.demo.StaffToken, sendBody(1050, newPhone(), 1), "Idempotency-Key", "key-"+phone)
	if other.Status != http.StatusUnprocessableEntity {
		t.Errorf("same key, other body: got %d %s, want 422", other.Status, other.Raw)
	}
}

func TestPermanentRefusalAnswersWithTheReason(t *testing.T) {
	phone := newPhone()
	e.sim.Script(simulator.Fault{Code: 131026, To: phone})
	r := call(t, "POST", "/api/whatsapp/send", e.demo.StaffToken, sendBody(1050, phone, 1))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Raw, "131026") {
		t.Fatalf("got %d %s, want 422 naming code 131026", r.Status, r.Raw)
	}
	eventually(t, 15*time.Second, "the failed note", func() bool {
		ns := notesTo(t, 1050, phone)
		return len(ns) == 1 && ns[0].Status == messaging.StatusFailed && len(ns[0].Errors) == 1 && ns[0].Errors[0].Code == 131026
	})
	if len(sentTo(phone)) != 0 {
		t.Errorf("the refused message is recorded as sent at the simulator")
	}
}

// delivering reports whether a note's status shows the provider took the message: accepted, or
// moved on by the simulator's status webhooks (sent, delivered, read).
func delivering(s messaging.Status) bool {
	return s.Rank() >= messaging.StatusAccepted.Rank() && s != messaging.StatusFailed
}

// reminderMessage builds an outbound appointment reminder for job 1050 as the API would.
func reminderMessage(t *testing.T, phone string) messaging.OutboundMessage {
	t.Helper()
	ctx := context.Background()
	l, err := e.store.LoadSendTo(ctx, e.demo.OrgID, 1050, 3, "")
	if err != nil {
		t.Fatal(err)
	}
	job, tpl := l.Job, l.Template
	r, err := tpl.Render(job.Variables())
	if err != nil {
		t.Fatal(err)
	}
	return messaging.OutboundMessage{ID: ulid.Make().String(), OrgID: e.demo.OrgID, JobID: 1050, Recipient: phone,
		TemplateID: tpl.ID, TemplateName: tpl.Name, Language: tpl.Language, Rendered: r, SentByName: "e2e", CreatedAt: time.Now().UTC()}
}

// waitIdle waits until every queue is drained and nothing runs.
func waitIdle(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := e.stack.Idle(ctx); err != nil {
		t.Fatalf("stack never idle: %v", err)
	}
}
