package openapi_test

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

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
	var apiKeys []string
	for key, rt := range api.Routes() {
		apiKeys = append(apiKeys, key)
		path := strings.TrimPrefix(key, "ANY ")
		got := slices.Sorted(slices.Values(docOps[path]))
		want := slices.Sorted(slices.Values(rt.Methods))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: documented methods differ from the handler's (-handler +doc):\n%s", path, diff)
		}
	}
	sort.Strings(apiKeys)
	var tplAPI []string
	for _, r := range templateRoutes(t) {
		if strings.HasPrefix(strings.SplitN(r, " ", 2)[1], "/api/") {
			tplAPI = append(tplAPI, r)
		}
	}
	if diff := cmp.Diff(apiKeys, tplAPI); diff != "" {
		t.Errorf("template routes differ from the API's route table (-api +template):\n%s", diff)
	}
	for path := range docOps {
		if _, ok := api.Routes()["ANY "+path]; !ok {
			t.Errorf("documented path %s has no route in the API", path)
		}
	}
}

func TestCheckResponse(t *testing.T) {
	spec, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		method  string
		status  int
		body    string
		wantErr string
	}{
		{"seed send answer", "/api/whatsapp/send", "POST", 200,
			`{"success":true,"data":{"message_id":"wamid.abcdef123456","status":"sent","recipient":"+447700900123","template":"appointment_reminder"},"message":"WhatsApp message sent successfully"}`, ""},
		{"error envelope", "/api/whatsapp/send", "POST", 400, `{"success":false,"error":"Job ID is required"}`, ""},
		{"undocumented status", "/api/whatsapp/send", "POST", 418, `{}`, "does not document status 418"},
		{"missing field", "/api/whatsapp/send", "POST", 200, `{"success":true,"data":{"message_id":"x","status":"sent","recipient":"+44"},"message":"m"}`, `required property "template" missing`},
		{"bad enum", "/api/whatsapp/send", "POST", 200, `{"success":true,"data":{"message_id":"x","status":"delivered","recipient":"+44","template":"t"},"message":"m"}`, "is not one of"},
		{"wrong type in list", "/api/whatsapp/get-options", "GET", 200, `{"success":true,"data":[{"id":"1","name":"a","display_name":"","description":"","language":"en_GB","category":"UTILITY","status":"APPROVED","variables":[]}]}`, "want an integer"},
		{"undocumented operation", "/api/whatsapp/send", "DELETE", 200, `{}`, "not documented"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := spec.CheckResponse(tt.path, tt.method, tt.status, []byte(tt.body))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("got %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}
