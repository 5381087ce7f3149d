package openapi_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/api/openapi"
)

// templateRoutes reads every HttpApi route ("METHOD /path") of the SAM template.
func templateRoutes(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var tpl struct {
		Resources map[string]struct {
			Type       string `yaml:"Type"`
			Properties struct {
				Events map[string]struct {
					Type       string `yaml:"Type"`
					Properties struct {
						Path   string `yaml:"Path"`
						Method string `yaml:"Method"`
					} `yaml:"Properties"`
				} `yaml:"Events"`
			} `yaml:"Properties"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(b, &tpl); err != nil {
		t.Fatal(err)
	}
	var routes []string
	for _, r := range tpl.Resources {
		for _, e := range r.Properties.Events {
			if e.Type == "HttpApi" {
				routes = append(routes, strings.ToUpper(e.Properties.Method)+" "+e.Properties.Path)
			}
		}
	}
	sort.Strings(routes)
	return routes
}

func TestDocumentCoversTheTemplatesAPIRoutes(t *testing.T) {
	spec, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	docOps := spec.Operations()
	documented := map[string]bool{} // route keys some documented path is served by
	for path, ops := range docOps {
		if want, ok := openapi.ConsolePaths[path]; ok {
			if diff := cmp.Diff(slices.Sorted(slices.Values(want)), slices.Sorted(slices.Values(ops))); diff != "" {
				t.Errorf("%s: documented methods differ from the console's (-console +doc):\n%s", path, diff)
			}
			continue
		}
		key, _, ok := api.RouteOf(path)
		if !ok {
			t.Errorf("documented path %s has no route in the API", path)
			continue
		}
		documented[key] = true
		want := slices.Sorted(slices.Values(api.Routes()[key].Methods))
		if diff := cmp.Diff(want, slices.Sorted(slices.Values(ops))); diff != "" {
			t.Errorf("%s: documented methods differ from the handler's (-handler +doc):\n%s", path, diff)
		}
	}
	var apiKeys []string
	for key := range api.Routes() {
		apiKeys = append(apiKeys, key)
		if !documented[key] {
			t.Errorf("route %s is not documented", key)
		}
	}
	sort.Strings(apiKeys)
	var tplAPI []string
	consoleServed := map[string]bool{}
	for _, r := range templateRoutes(t) {
		method, path, _ := strings.Cut(r, " ")
		if want, ok := openapi.ConsolePaths[path]; ok && slices.Contains(want, method) {
			consoleServed[r] = true
			continue
		}
		if strings.HasPrefix(path, "/api/") {
			tplAPI = append(tplAPI, r)
		}
	}
	for path, methods := range openapi.ConsolePaths {
		if _, ok := docOps[path]; !ok {
			t.Errorf("console route %s is not documented", path)
		}
		for _, m := range methods {
			if !consoleServed[m+" "+path] {
				t.Errorf("console route %s %s is not in the template", m, path)
			}
		}
	}
	if diff := cmp.Diff(apiKeys, tplAPI); diff != "" {
		t.Errorf("template routes differ from the API's route table (-api +template):\n%s", diff)
	}
}

// exchange is a request to the API for the document checks.
func exchange(method, target, body string) *http.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer tok")
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

func TestCheckResponse(t *testing.T) {
	spec, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	conv := "/api/whatsapp/conversations/c0123456789abcdef01234567"
	convBody := func(extra string) string {
		return `{"success":true,"data":{"id":"c0123456789abcdef01234567","phone_number_id":"1055","phone":"+447700900123","opted_out":false,` +
			`"messages":[],"message_count":0` + extra + `}}`
	}
	tests := []struct {
		name    string
		method  string
		path    string
		status  int
		body    string
		wantErr string
	}{
		{"seed send answer", "POST", "/api/whatsapp/send", 200,
			`{"success":true,"data":{"message_id":"wamid.abcdef123456","status":"sent","recipient":"+447700900123","template":"appointment_reminder"},"message":"WhatsApp message sent successfully"}`, ""},
		{"error envelope", "POST", "/api/whatsapp/send", 400, `{"success":false,"error":"Job ID is required"}`, ""},
		{"undocumented status", "POST", "/api/whatsapp/send", 418, `{}`, "status is not supported"},
		{"missing field", "POST", "/api/whatsapp/send", 200, `{"success":true,"data":{"message_id":"x","status":"sent","recipient":"+44"},"message":"m"}`, `property "template" is missing`},
		{"bad enum", "POST", "/api/whatsapp/send", 200, `{"success":true,"data":{"message_id":"x","status":"delivered","recipient":"+44","template":"t"},"message":"m"}`, "value is not one of the allowed values"},
		{"wrong type in list", "GET", "/api/whatsapp/get-options", 200, `{"success":true,"data":[{"id":"1","name":"a","display_name":"","description":"","language":"en_GB","category":"UTILITY","status":"APPROVED","variables":[]}]}`, "value must be an integer"},
		{"undocumented method answered 405", "DELETE", "/api/whatsapp/send", 405, `{"success":false,"error":"Method DELETE not allowed. Allowed: POST"}`, ""},
		{"undocumented method answered 200", "DELETE", "/api/whatsapp/send", 200, `{}`, "not documented"},
		{"conversation through allOf", "GET", conv, 200, convBody(""), ""},
		{"allOf part checked", "GET", conv, 200, convBody(`,"last_inbound_at":"yesterday"`), "last_inbound_at"},
		{"date-time format checked", "GET", "/api/admin/api-tokens", 200, `{"success":true,"count":1,"data":[{"id":"01JD4Q8Z6W3K2M5N7P9R1T3V5X","label":"","user_id":"u1","user_name":"Sam",` +
			`"permissions":[],"last4":"ab12","status":"active","created_at":"2026-02-30T10:00:00Z","expires_at":"2026-05-30T10:00:00Z"}]}`, "created_at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"Content-Type": {"application/json"}}
			err := spec.CheckResponse(exchange(tt.method, tt.path, ""), tt.status, h, []byte(tt.body))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("got %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestCheckRequest(t *testing.T) {
	spec, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	reply := "/api/whatsapp/conversations/c0123456789abcdef01234567/messages"
	send := `{"job_id": 1050, "phone_number": "+447700900123", "template_id": 3}`
	tests := []struct {
		name    string
		method  string
		target  string
		body    string
		wantErr string
	}{
		{"seed send", "POST", "/api/whatsapp/send", send, ""},
		{"ids as strings", "POST", "/api/whatsapp/send", `{"job_id": "1050", "phone_number": "+447700900123", "template_id": "3"}`, ""},
		{"unknown field", "POST", "/api/whatsapp/send", `{"job_id": 1050, "phone_number": "+447700900123", "template_id": 3, "apointment_date": "x"}`, "apointment_date"},
		{"data after the body", "POST", "/api/whatsapp/send", send + " {}", "not one JSON value"},
		{"phone not possible", "POST", "/api/whatsapp/send", `{"job_id": 1050, "phone_number": "+999123456789", "template_id": 3}`, "phone_number"},
		{"25-digit job id", "GET", "/api/jobs/1234567890123456789012345", "", "job_id"},
		{"empty limit", "GET", "/api/whatsapp/conversations?limit=", "", "limit"},
		{"unknown status", "GET", "/api/whatsapp/get-options?status=pending", "", "status"},
		{"impossible date", "PUT", "/api/jobs/1050", `{"appointment_date": "2026-02-30"}`, "appointment_date"},
		{"unknown time zone", "PUT", "/api/jobs/1050", `{"time_zone": "Mars/Olympus"}`, "time_zone"},
		{"empty dates and phones leave them unset", "PUT", "/api/jobs/1050", `{"appointment_date": "", "tenant_phone": ""}`, ""},
		{"null job id", "POST", "/api/whatsapp/send", `{"job_id": null, "phone_number": "+447700900123", "template_id": 3}`, "job_id"},
		{"nulls leave job fields unset", "PUT", "/api/jobs/1050", `{"tenant_phone": null, "time_zone": null, "appointment_date": null, "job_ref": null}`, ""},
		{"attachment reply with a null template", "POST", reply, `{"attachment_id": "01JD4Q8Z6W3K2M5N7P9R1T3V5X", "template_id": null}`, ""},
		{"text and template", "POST", reply, `{"text": "hi", "template_id": 3}`, "oneOf"},
		{"caption with text", "POST", reply, `{"text": "hi", "caption": "c"}`, "caption"},
		{"null text alone", "POST", reply, `{"text": null}`, "text"},
		{"template reply with a null caption", "POST", reply, `{"template_id": "3", "caption": null, "job_id": 1050}`, ""},
		{"undocumented path", "GET", "/webhooks/meta", "", "path not documented"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := spec.CheckRequest(exchange(tt.method, tt.target, tt.body), []byte(tt.body))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("got %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}
