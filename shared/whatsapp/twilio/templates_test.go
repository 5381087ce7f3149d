package twilio

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

func TestListTemplates(t *testing.T) {
	var srvURL string
	rec := &recorder{status: 200, body: func(r *http.Request) string {
		if r.URL.Query().Get("PageToken") == "" {
			return `{"contents":[{"sid":"HX01","friendly_name":"appointment_reminder","language":"en","variables":{"1":"name","2":"date"},
"types":{"twilio/text":{"body":"Hi {{1}}, see you on {{2}}."}},
"approval_requests":{"name":"appointment_reminder","category":"UTILITY","status":"approved"}}],
"meta":{"next_page_url":"` + srvURL + `/v1/ContentAndApprovals?PageSize=100&Page=1&PageToken=PT1"}}`
		}
		return `{"contents":[{"sid":"HX02","friendly_name":"work_order_invitation","language":"en_GB","variables":{"1":"ref"},
"types":{"twilio/quick-reply":{"body":"Work order {{1}}","actions":[{"title":"Accept","id":"accept"},{"title":"Decline","id":"decline"}]},"twilio/text":{"body":"Work order {{1}}"}},
"approval_requests":{"name":"wo_invite","category":"utility","status":"pending"}},
{"sid":"HX03","friendly_name":"draft","language":"en","types":{"twilio/text":{"body":"Draft"}}}],
"meta":{"next_page_url":null}}`
	}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	srvURL = srv.URL
	acct := whatsapp.Account{Provider: messaging.ProviderTwilio, BaseURL: srv.URL, Token: testSID + ":" + testToken}
	got, err := New(http.DefaultClient, "").ListTemplates(context.Background(), acct)
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	want := []messaging.Template{
		{Name: "HX01", DisplayName: "appointment_reminder", Language: "en", Category: "UTILITY", Status: messaging.TemplateApproved,
			Variables: []string{"1", "2"}, ParameterFormat: messaging.FormatNamed, ProviderID: "HX01",
			Components: []messaging.Component{{Type: "BODY", Text: "Hi {{1}}, see you on {{2}}."}}},
		{Name: "HX02", DisplayName: "wo_invite", Language: "en_GB", Category: "UTILITY", Status: messaging.TemplatePending,
			Variables: []string{"1"}, ParameterFormat: messaging.FormatNamed, ProviderID: "HX02",
			Components: []messaging.Component{{Type: "BODY", Text: "Work order {{1}}"},
				{Type: "BUTTONS", Buttons: []messaging.Button{{Type: "QUICK_REPLY", Text: "Accept"}, {Type: "QUICK_REPLY", Text: "Decline"}}}}},
		{Name: "HX03", DisplayName: "draft", Language: "en", Status: "UNSUBMITTED",
			Variables: []string{}, ParameterFormat: messaging.FormatNamed, ProviderID: "HX03",
			Components: []messaging.Component{{Type: "BODY", Text: "Draft"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\ngot  %+v\nwant %+v", got, want)
	}
	if n := len(rec.seen); n != 2 {
		t.Fatalf("requests: got %d, want 2", n)
	}
	if got, want := rec.seen[0].Path+"?"+rec.seen[0].RawQuery, "/v1/ContentAndApprovals?PageSize=100"; got != want {
		t.Errorf("first page: got %q, want %q", got, want)
	}
}

func TestListTemplatesRefusesForeignNextPage(t *testing.T) {
	_, acct := serve(t, 200, `{"contents":[],"meta":{"next_page_url":"https://evil.example.com/v1/ContentAndApprovals?Page=1"}}`)
	_, err := New(http.DefaultClient, "").ListTemplates(context.Background(), acct)
	if err == nil || !strings.Contains(err.Error(), "not followed") {
		t.Errorf("error: got %v, want a refusal to follow another host", err)
	}
}

func TestContentBase(t *testing.T) {
	tests := []struct{ base, want string }{
		{"https://api.twilio.com", "https://content.twilio.com"},
		{"https://api.twilio.com/", "https://content.twilio.com"},
		{"http://127.0.0.1:8089", "http://127.0.0.1:8089"},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			if got := contentBase(whatsapp.Account{BaseURL: tt.base}); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
