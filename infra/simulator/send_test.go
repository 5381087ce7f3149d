package simulator

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/messaging"
)

func TestSendValidation(t *testing.T) {
	reminder := reminderBody("447700900123")
	tests := []struct {
		name       string
		path       string
		header     map[string]string
		body       string
		wantStatus int
		wantCode   int
	}{
		{"accepted", sendPath, bearer, reminder, 200, 0},
		{"360dialog accepted", "/messages", map[string]string{"D360-API-KEY": DefaultAccount.Token}, reminder, 200, 0},
		{"no token", sendPath, nil, reminder, 401, 190},
		{"wrong token", sendPath, map[string]string{"Authorization": "Bearer nope"}, reminder, 401, 190},
		{"unknown phone number id", "/v21.0/999/messages", bearer, reminder, 400, 100},
		{"360dialog wrong key", "/messages", map[string]string{"D360-API-KEY": "nope"}, reminder, 401, 0},
		{"not JSON", sendPath, bearer, `{`, 400, 100},
		{"messaging_product missing", sendPath, bearer, strings.Replace(reminder, `"messaging_product":"whatsapp",`, "", 1), 400, 100},
		{"messaging_product wrong", sendPath, bearer, strings.Replace(reminder, `"messaging_product":"whatsapp"`, `"messaging_product":"sms"`, 1), 400, 100},
		{"to with a plus", sendPath, bearer, reminderBody("+447700900123"), 400, 100},
		{"to with spaces", sendPath, bearer, reminderBody("44 7700 900123"), 400, 100},
		{"not a template", sendPath, bearer, strings.Replace(reminder, `"type":"template"`, `"type":"text"`, 1), 400, 100},
		{"unknown template", sendPath, bearer, strings.Replace(reminder, "appointment_reminder", "no_such", 1), 404, 132001},
		{"other language", sendPath, bearer, strings.Replace(reminder, "en_GB", "en_US", 1), 404, 132001},
		{"pending template", sendPath, bearer, `{"messaging_product":"whatsapp","to":"447700900123","type":"template","template":{"name":"gas_safety_notice","language":{"code":"en_GB"},"components":[{"type":"body","parameters":[{"type":"text","parameter_name":"property_address","text":"x"},{"type":"text","parameter_name":"scheduled_date","text":"y"}]}]}}`, 404, 132001},
		{"paused template", sendPath, bearer, `{"messaging_product":"whatsapp","to":"447700900123","type":"template","template":{"name":"paused_one","language":{"code":"en_GB"}}}`, 400, 132015},
		{"disabled template", sendPath, bearer, `{"messaging_product":"whatsapp","to":"447700900123","type":"template","template":{"name":"disabled_one","language":{"code":"en_GB"}}}`, 400, 132016},
		{"too few parameters", sendPath, bearer, strings.Replace(reminder, `,
{"type":"text","parameter_name":"time_window","text":"08:00-12:00"}`, "", 1), 400, 132000},
		{"no components", sendPath, bearer, `{"messaging_product":"whatsapp","to":"447700900123","type":"template","template":{"name":"appointment_reminder","language":{"code":"en_GB"}}}`, 400, 132000},
		{"wrong parameter name", sendPath, bearer, strings.Replace(reminder, `"parameter_name":"time_window"`, `"parameter_name":"window"`, 1), 400, 132000},
		{"missing parameter name", sendPath, bearer, strings.Replace(reminder, `"parameter_name":"time_window",`, "", 1), 400, 132000},
		{"duplicate parameter name", sendPath, bearer, strings.Replace(reminder, `"parameter_name":"time_window"`, `"parameter_name":"appointment_date"`, 1), 400, 132000},
		{"unexpected header", sendPath, bearer, strings.Replace(reminder, `"components":[`, `"components":[{"type":"header","parameters":[{"type":"text","text":"x"}]},`, 1), 400, 132000},
		{"empty text", sendPath, bearer, strings.Replace(reminder, `"text":"Sam"`, `"text":" "`, 1), 400, 131008},
		{"image header by id", sendPath, bearer, photoBody(`{"type":"image","image":{"id":"1234"}}`), 200, 0},
		{"image header by link", sendPath, bearer, photoBody(`{"type":"image","image":{"link":"https://cdn.example.com/a.jpg"}}`), 200, 0},
		{"image header as text", sendPath, bearer, photoBody(`{"type":"text","text":"x"}`), 400, 132012},
		{"image header with id and link", sendPath, bearer, photoBody(`{"type":"image","image":{"id":"1","link":"https://x"}}`), 400, 132012},
		{"url button missing", sendPath, bearer, strings.Replace(photoBody(`{"type":"image","image":{"id":"1234"}}`), `,{"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"1050"}]}`, "", 1), 400, 132000},
		{"url button wrong index", sendPath, bearer, strings.Replace(photoBody(`{"type":"image","image":{"id":"1234"}}`), `"index":"1"`, `"index":"0"`, 1), 400, 132000},
		{"url button numeric index", sendPath, bearer, strings.Replace(photoBody(`{"type":"image","image":{"id":"1234"}}`), `"index":"1"`, `"index":1`, 1), 200, 0},
		{"quick-reply payloads", sendPath, bearer, invitationBody(`{"type":"payload","payload":"wo:accept:WO-2026-0042"}`, `{"type":"payload","payload":"wo:decline:WO-2026-0042"}`), 200, 0},
		{"quick replies without payloads", sendPath, bearer, invitationBody(), 200, 0},
		{"quick-reply payload empty", sendPath, bearer, invitationBody(`{"type":"payload","payload":""}`), 400, 131008},
		{"quick-reply payload as text", sendPath, bearer, invitationBody(`{"type":"text","text":"wo:accept:WO-1"}`), 400, 131008},
		{"quick reply past the buttons", sendPath, bearer, invitationBody(`{"type":"payload","payload":"a"}`, `{"type":"payload","payload":"b"}`, `{"type":"payload","payload":"c"}`), 400, 100},
		{"quick reply on a template without buttons", sendPath, bearer, strings.Replace(reminder, `"components":[`,
			`"components":[{"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"x"}]},`, 1), 400, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newTestSim()
			got := call(t, sim.Handler(), "POST", tt.path, tt.header, tt.body)
			if got.Status != tt.wantStatus || got.errorCode() != tt.wantCode {
				t.Fatalf("got %d code %d, want %d code %d: %s", got.Status, got.errorCode(), tt.wantStatus, tt.wantCode, got.Raw)
			}
			if tt.wantStatus != 200 {
				if len(sim.Sent()) != 0 {
					t.Errorf("sent: got %d, want none after a refusal", len(sim.Sent()))
				}
				if tt.wantCode != 0 {
					e := got.Body["error"].(map[string]any)
					if e["message"] == "" || e["fbtrace_id"] == "" || e["type"] == "" {
						t.Errorf("error without message, type or fbtrace_id: %s", got.Raw)
					}
				}
				return
			}
			msgs := got.Body["messages"].([]any)
			id := msgs[0].(map[string]any)["id"].(string)
			if !strings.HasPrefix(id, "wamid.") || msgs[0].(map[string]any)["message_status"] != "accepted" {
				t.Errorf("messages: got %v", msgs)
			}
			sent := sim.Sent()
			if len(sent) != 1 || sent[0].WAMID != id || sent[0].To != "447700900123" || len(sent[0].Raw) == 0 {
				t.Errorf("sent: got %+v, want one record of %s", sent, id)
			}
		})
	}
}

// photoBody is a send of the test template job_photo with the given header parameter.
func photoBody(header string) string {
	return `{"messaging_product":"whatsapp","to":"447700900123","type":"template","template":{"name":"job_photo","language":{"code":"en_GB"},"components":[` +
		`{"type":"header","parameters":[` + header + `]},{"type":"body","parameters":[{"type":"text","text":"JOB-001"}]},` +
		`{"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"1050"}]}]}}`
}

// invitationBody is a send of the seed's work_order_invitation with one quick-reply component
// per payload parameter, at indexes 0, 1, …
func invitationBody(payloads ...string) string {
	comps := `{"type":"body","parameters":[{"type":"text","parameter_name":"work_order_ref","text":"WO-2026-0042"},` +
		`{"type":"text","parameter_name":"title","text":"Leaking roof"},{"type":"text","parameter_name":"site","text":"Riverside Court"},` +
		`{"type":"text","parameter_name":"deadline","text":"Friday 27 November 2026"}]}`
	for i, p := range payloads {
		comps += fmt.Sprintf(`,{"type":"button","sub_type":"quick_reply","index":"%d","parameters":[%s]}`, i, p)
	}
	return `{"messaging_product":"whatsapp","to":"447700900123","type":"template","template":{"name":"work_order_invitation","language":{"code":"en_GB"},"components":[` + comps + `]}}`
}

// newTestSim is a simulator with the seed plus a paused, a disabled and a media template.
func newTestSim() *Simulator {
	clock := time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)
	sim := New(Options{Now: func() time.Time { return clock }})
	sim.PutTemplate(messaging.Template{Name: "paused_one", Language: "en_GB", Status: messaging.TemplatePaused, Components: []messaging.Component{{Type: "BODY", Text: "Hello"}}})
	sim.PutTemplate(messaging.Template{Name: "disabled_one", Language: "en_GB", Status: messaging.TemplateDisabled, Components: []messaging.Component{{Type: "BODY", Text: "Hello"}}})
	sim.PutTemplate(messaging.Template{Name: "job_photo", Language: "en_GB", Components: []messaging.Component{
		{Type: "HEADER", Format: "IMAGE"}, {Type: "BODY", Text: "Photo of job {{1}}"},
		{Type: "BUTTONS", Buttons: []messaging.Button{{Type: "QUICK_REPLY", Text: "Thanks"}, {Type: "URL", Text: "View", URL: "https://app.example.com/jobs/{{1}}"}}},
	}})
	return sim
}

func TestSentRecord(t *testing.T) {
	sim := newTestSim()
	h := sim.Handler()
	for _, to := range []string{"447700900123", "447700900456"} {
		if got := call(t, h, "POST", sendPath, bearer, reminderBody(to)); got.Status != 200 {
			t.Fatalf("send: %s", got.Raw)
		}
	}
	sent := sim.Sent()
	if len(sent) != 2 || sent[0].WAMID == sent[1].WAMID {
		t.Fatalf("sent: got %+v, want two records with distinct ids", sent)
	}
	want := SentMessage{Provider: "meta", PhoneNumberID: "106540352242922", WABAID: "102290129340398", To: "447700900123",
		Template: "appointment_reminder", Language: "en_GB", CallbackData: "m-1", At: time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)}
	got := sent[0]
	got.WAMID, got.Raw, got.Request = "", nil, SendRequest{}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("record (-want +got):\n%s", diff)
	}
	if p := sent[0].Request.Template.Components[0].Parameters[0]; p.ParameterName != "tenant_first_name" || p.Text != "Sam" {
		t.Errorf("parsed parameter: got %+v", p)
	}
	sim.ClearSent()
	if n := len(sim.Sent()); n != 0 {
		t.Errorf("after ClearSent: got %d, want 0", n)
	}
}
