package meta

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// templateFixture returns a testdata file.
func templateFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "templates", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// wantMetaTemplates is what the two Meta pages map to.
var wantMetaTemplates = []messaging.Template{
	{
		Name: "job_created", DisplayName: "Job Created", Language: "en_GB", Category: "UTILITY", Status: "APPROVED",
		Variables: []string{"job_ref", "property_address", "job_type"}, ParameterFormat: "NAMED", ProviderID: "1320454865689581",
		Components: []messaging.Component{
			{Type: "BODY", Text: "A new job {{job_ref}} has been raised for {{property_address}}: {{job_type}}."},
			{Type: "FOOTER", Text: "PropLink"},
		},
	},
	{
		Name: "job_photo", DisplayName: "Job Photo", Language: "en_GB", Category: "UTILITY", Status: "PENDING",
		Variables: []string{"header_image", "1", "2"}, ParameterFormat: "POSITIONAL", ProviderID: "987654321098765",
		Components: []messaging.Component{
			{Type: "HEADER", Format: "IMAGE"},
			{Type: "BODY", Text: "Photo of job {{1}} taken on {{2}}."},
			{Type: "BUTTONS", Buttons: []messaging.Button{
				{Type: "QUICK_REPLY", Text: "Thanks"},
				{Type: "URL", Text: "View job", URL: "https://app.example.com/jobs/{{1}}"},
				{Type: "PHONE_NUMBER", Text: "Call us"},
			}},
		},
	},
	{
		Name: "appointment_reminder", DisplayName: "Appointment Reminder", Language: "en_GB", Category: "UTILITY", Status: "APPROVED",
		Variables: []string{"tenant_first_name", "appointment_date", "time_window"}, ParameterFormat: "NAMED", ProviderID: "555",
		Components: []messaging.Component{
			{Type: "HEADER", Format: "TEXT", Text: "Appointment for {{tenant_first_name}}"},
			{Type: "BODY", Text: "Hi {{tenant_first_name}}, a reminder of your appointment on {{appointment_date}} between {{time_window}}."},
		},
	},
}

func TestListTemplatesMetaPaging(t *testing.T) {
	var seen []seenRequest
	var srvURL string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, seenRequest{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone()})
		if r.URL.Query().Get("after") == "MjQZD" {
			w.Write([]byte(templateFixture(t, "meta_page2.json")))
			return
		}
		next := srvURL + "/v21.0/102290129340398/message_templates?fields=name&limit=2&after=MjQZD"
		w.Write([]byte(strings.Replace(templateFixture(t, "meta_page1.json"), "NEXT_URL", next, 1)))
	}))
	defer srv.Close()
	srvURL = srv.URL
	acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok", WABAID: "102290129340398"}
	got, err := New(srv.Client(), "v21.0").ListTemplates(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantMetaTemplates, got); diff != "" {
		t.Errorf("templates (-want +got):\n%s", diff)
	}
	if len(seen) != 2 {
		t.Fatalf("requests: got %d, want 2", len(seen))
	}
	first := seen[0]
	if first.Method != "GET" || first.Path != "/v21.0/102290129340398/message_templates" ||
		first.RawQuery != "fields=id%2Cname%2Clanguage%2Cstatus%2Ccategory%2Ccomponents%2Cparameter_format&limit=100" {
		t.Errorf("first request: got %s %s?%s", first.Method, first.Path, first.RawQuery)
	}
	for i, s := range seen {
		if a := s.Header.Get("Authorization"); a != "Bearer tok" {
			t.Errorf("request %d Authorization: got %q, want the bearer token", i, a)
		}
	}
}

func TestListTemplatesForeignNextNotFollowed(t *testing.T) {
	var foreignHits atomic.Int32
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignHits.Add(1)
		w.Write([]byte(`{"data":[]}`))
	}))
	defer foreign.Close()
	page := strings.Replace(templateFixture(t, "meta_page1.json"), "NEXT_URL", foreign.URL+"/v21.0/1/message_templates?after=x", 1)
	_, srv := mustServe(t, 200, page)
	acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok", WABAID: "1"}
	_, err := New(srv.Client(), "v21.0").ListTemplates(context.Background(), acct)
	if err == nil || !strings.Contains(err.Error(), "another host") {
		t.Errorf("err: got %v, want a refusal to follow another host", err)
	}
	if n := foreignHits.Load(); n != 0 {
		t.Errorf("foreign host got %d requests, want 0", n)
	}
}

func TestListTemplatesLoopingNext(t *testing.T) {
	var srvURL string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"data":[],"paging":{"next":"` + srvURL + `/v21.0/1/message_templates?after=same"}}`))
	}))
	defer srv.Close()
	srvURL = srv.URL
	acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok", WABAID: "1"}
	if _, err := New(srv.Client(), "v21.0").ListTemplates(context.Background(), acct); err == nil {
		t.Error("err: got nil, want an error for a next link that repeats")
	}
}

func TestListTemplatesDialog360(t *testing.T) {
	rec, srv := mustServe(t, 200, templateFixture(t, "dialog360.json"))
	acct := whatsapp.Account{Provider: messaging.ProviderDialog360, BaseURL: srv.URL, Token: "key"}
	got, err := New(srv.Client(), "v21.0").ListTemplates(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	want := []messaging.Template{{
		Name: "job_completed", DisplayName: "Job Completed", Language: "en_GB", Category: "UTILITY", Status: "APPROVED",
		Variables: []string{"job_ref", "completion_date"}, ParameterFormat: "NAMED", ProviderID: "ZPnCSXWT",
		Components: []messaging.Component{{Type: "BODY", Text: "Your job {{job_ref}} was completed on {{completion_date}}."}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("templates (-want +got):\n%s", diff)
	}
	r := rec.seen[0]
	if r.Path != "/v1/configs/templates" || r.RawQuery != "limit=100&offset=0&sort=id" || r.Header.Get("D360-API-KEY") != "key" || r.Header.Get("Authorization") != "" {
		t.Errorf("request: got %s?%s with headers %v", r.Path, r.RawQuery, r.Header)
	}
}

func TestListTemplatesError(t *testing.T) {
	_, srv := mustServe(t, 400, `{"error":{"message":"Unsupported get request.","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"A"}}`)
	acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok", WABAID: "1"}
	_, err := New(srv.Client(), "v21.0").ListTemplates(context.Background(), acct)
	var e *whatsapp.Error
	if !errors.As(err, &e) || e.Code != 100 || e.Subcode != 33 {
		t.Errorf("got %v, want the provider's error 100/33", err)
	}
}

func TestDisplayName(t *testing.T) {
	for in, want := range map[string]string{
		"job_created": "Job Created", "appointment_reminder": "Appointment Reminder", "x": "X", "": "", "a__b": "A B", "été_x": "Été X",
	} {
		if got := DisplayName(in); got != want {
			t.Errorf("DisplayName(%q): got %q, want %q", in, got, want)
		}
	}
}

func FuzzParseTemplates(f *testing.F) {
	f.Add(strings.Replace(templateFixture(f, "meta_page1.json"), "NEXT_URL", "https://graph.facebook.com/x", 1))
	f.Add(templateFixture(f, "meta_page2.json"))
	f.Add(templateFixture(f, "dialog360.json"))
	f.Add(`{"data":[{"name":"x","id":1e400}]}`)
	f.Add(`{"data":[{"name":"_","components":[{"type":"BUTTONS","buttons":[{"type":"url","url":"{{ a }}"}]}]}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		p, err := ParseTemplatePage([]byte(body))
		if err != nil {
			return
		}
		for _, tpl := range p.Templates {
			if tpl.Name == "" || tpl.Variables == nil || tpl.ID != 0 {
				t.Errorf("bad template %+v", tpl)
			}
			if tpl.ParameterFormat != messaging.FormatNamed && tpl.ParameterFormat != messaging.FormatPositional && tpl.ParameterFormat == "" {
				t.Errorf("no parameter format: %+v", tpl)
			}
		}
	})
}

func TestParseTemplate(t *testing.T) {
	tests := []struct {
		name, body string
		want       messaging.Template
		wantErr    bool
	}{
		{"Meta's template object", templateFixture(t, "one.json"), wantMetaTemplates[2], false},
		{"no name", `{"id":"1","components":[]}`, messaging.Template{}, true},
		{"not JSON", `{"name":`, messaging.Template{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTemplate([]byte(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("error: got %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); !tt.wantErr && diff != "" {
				t.Errorf("template (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzParseTemplate(f *testing.F) {
	f.Add(templateFixture(f, "one.json"))
	f.Add(`{"name":"x","id":1e400}`)
	f.Add(`{"name":"_","components":[{"type":"BODY","text":"{{1}} {{ a }}"}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		tpl, err := ParseTemplate([]byte(body))
		if err != nil {
			return
		}
		if tpl.Name == "" || tpl.Variables == nil || tpl.Components == nil || tpl.ParameterFormat == "" {
			t.Errorf("bad template %+v", tpl)
		}
	})
}
