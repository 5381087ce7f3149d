package meta

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// seenRequest is what a fake provider received.
type seenRequest struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte
}

// recorder is a fake provider that records requests and answers with a fixed status and body.
type recorder struct {
	mu     sync.Mutex
	seen   []seenRequest
	status int
	body   string
	header map[string]string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.seen = append(r.seen, seenRequest{req.Method, req.URL.Path, req.URL.RawQuery, req.Header.Clone(), b})
	r.mu.Unlock()
	for k, v := range r.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(r.status)
	io.WriteString(w, r.body)
}

// mustServe starts a fake provider answering status with body.
func mustServe(t *testing.T, status int, body string) (*recorder, *httptest.Server) {
	t.Helper()
	rec := &recorder{status: status, body: body}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return rec, srv
}

const accepted = `{"messaging_product":"whatsapp","contacts":[{"input":"447700900123","wa_id":"447700900123"}],"messages":[{"id":"wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSQUJDREVGMTIzNDU2Nzg5MAA=","message_status":"accepted"}]}`

func TestSendTemplateBodies(t *testing.T) {
	named := messaging.Template{Name: "appointment_reminder", Language: "en_GB", ParameterFormat: messaging.FormatNamed,
		Components: []messaging.Component{{Type: "BODY", Text: "Hi {{tenant_first_name}}, a reminder of your appointment on {{appointment_date}} between {{time_window}}."}}}
	positional := messaging.Template{Name: "job_created", Language: "en_GB", ParameterFormat: messaging.FormatPositional,
		Components: []messaging.Component{{Type: "BODY", Text: "Job {{1}} at {{2}}: {{3}}"}}}
	textHeader := messaging.Template{Name: "job_completed", Language: "en_GB", ParameterFormat: messaging.FormatNamed,
		Components: []messaging.Component{{Type: "HEADER", Format: "TEXT", Text: "Job {{job_ref}}"}, {Type: "BODY", Text: "Completed on {{completion_date}}."}, {Type: "FOOTER", Text: "PropLink"}}}
	image := messaging.Template{Name: "job_photo", Language: "en_GB", ParameterFormat: messaging.FormatPositional,
		Components: []messaging.Component{{Type: "HEADER", Format: "IMAGE"}, {Type: "BODY", Text: "Photo of job {{1}}"}}}
	button := messaging.Template{Name: "job_link", Language: "en_GB", ParameterFormat: messaging.FormatPositional,
		Components: []messaging.Component{{Type: "BODY", Text: "Job {{1}} is ready."}, {Type: "BUTTONS", Buttons: []messaging.Button{
			{Type: "QUICK_REPLY", Text: "Thanks"}, {Type: "URL", Text: "View job", URL: "https://app.example.com/jobs/{{1}}"}}}}}
	invitation := messaging.Template{Name: "work_order_invitation", Language: "en_GB", ParameterFormat: messaging.FormatNamed,
		Components: []messaging.Component{{Type: "BODY", Text: "New work order {{work_order_ref}}: {{title}} at {{site}}, by {{deadline}}."},
			{Type: "BUTTONS", Buttons: []messaging.Button{{Type: "QUICK_REPLY", Text: "Accept"}, {Type: "QUICK_REPLY", Text: "Decline"}}}}}
	for _, tpl := range []*messaging.Template{&named, &positional, &textHeader, &image, &button, &invitation} {
		tpl.Variables = messaging.DeriveVariables(tpl.Components)
	}
	tests := []struct {
		name     string
		provider string
		tpl      messaging.Template
		values   map[string]string
		callback string
		// quickReplies are the payloads of the template's quick-reply buttons.
		quickReplies []string
	}{
		{"positional_body", messaging.ProviderMeta, positional, map[string]string{"1": "JOB-001", "2": "Flat 2, 10 High Street", "3": "Plumbing"}, "", nil},
		{"named_body", messaging.ProviderMeta, named, map[string]string{"tenant_first_name": "Sam", "appointment_date": "Wednesday 25 November 2026", "time_window": "08:00-12:00"}, "msg-01J0000000000000000000000", nil},
		{"text_header_body", messaging.ProviderMeta, textHeader, map[string]string{"job_ref": "JOB-001", "completion_date": "Friday 27 November 2026"}, "", nil},
		{"image_header_id", messaging.ProviderMeta, image, map[string]string{"header_image": "1234567890", "1": "JOB-001"}, "", nil},
		{"image_header_link", messaging.ProviderMeta, image, map[string]string{"header_image": "https://cdn.example.com/p.jpg", "1": "JOB-001"}, "", nil},
		{"url_button", messaging.ProviderMeta, button, map[string]string{"1": "1050"}, "", nil},
		{"dialog360", messaging.ProviderDialog360, named, map[string]string{"tenant_first_name": "Sam", "appointment_date": "Wednesday 25 November 2026", "time_window": "08:00-12:00"}, "msg-1", nil},
		{"quick_reply_payloads", messaging.ProviderMeta, invitation, map[string]string{"work_order_ref": "WO-2026-0042", "title": "Leaking roof", "site": "Riverside Court", "deadline": "Friday 27 November 2026"},
			"msg-01J0000000000000000000001", []string{"wo:accept:WO-2026-0042", "wo:decline:WO-2026-0042"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, srv := mustServe(t, 200, accepted)
			rendered, err := tt.tpl.Render(tt.values)
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			if tt.quickReplies != nil {
				if rendered, err = tt.tpl.WithQuickReplies(rendered, tt.quickReplies); err != nil {
					t.Fatalf("quick replies: %v", err)
				}
			}
			acct := whatsapp.Account{Provider: tt.provider, BaseURL: srv.URL + "/", Token: "tok-secret", PhoneNumberID: "106540352242922", WABAID: "102290129340398"}
			id, err := New(srv.Client(), "v21.0").SendTemplate(context.Background(), acct,
				whatsapp.TemplateSend{To: "+447700900123", Name: tt.tpl.Name, Language: tt.tpl.Language, Rendered: rendered, CallbackData: tt.callback})
			if err != nil {
				t.Fatalf("send: %v", err)
			}
			if want := "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSQUJDREVGMTIzNDU2Nzg5MAA="; id != want {
				t.Errorf("id: got %q, want %q", id, want)
			}
			if len(rec.seen) != 1 {
				t.Fatalf("requests: got %d, want 1", len(rec.seen))
			}
			got := rec.seen[0]
			wantPath := "/v21.0/106540352242922/messages"
			if tt.provider == messaging.ProviderDialog360 {
				wantPath = "/messages"
				if k := got.Header.Get("D360-API-KEY"); k != "tok-secret" {
					t.Errorf("D360-API-KEY: got %q, want the token", k)
				}
				if a := got.Header.Get("Authorization"); a != "" {
					t.Errorf("Authorization: got %q, want none for 360dialog", a)
				}
			} else if a := got.Header.Get("Authorization"); a != "Bearer tok-secret" {
				t.Errorf("Authorization: got %q, want the bearer token", a)
			}
			if got.Method != "POST" || got.Path != wantPath {
				t.Errorf("request: got %s %s, want POST %s", got.Method, got.Path, wantPath)
			}
			if ct := got.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type: got %q, want application/json", ct)
			}
			checkGolden(t, filepath.Join("testdata", "golden", tt.name+".json"), got.Body)
		})
	}
}

// checkGolden compares body, indented, with the golden file (rewritten under -update).
func checkGolden(t *testing.T, path string, body []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, body, "", "  "); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, body)
	}
	buf.WriteByte('\n')
	if *updateGolden {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("body differs from %s:\ngot:\n%s\nwant:\n%s", path, buf.Bytes(), want)
	}
}

func TestSendTemplateAnswerWithoutID(t *testing.T) {
	_, srv := mustServe(t, 200, `{"messaging_product":"whatsapp","messages":[]}`)
	acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "t", PhoneNumberID: "1"}
	_, err := New(srv.Client(), "").SendTemplate(context.Background(), acct, whatsapp.TemplateSend{To: "+447700900123", Name: "x", Language: "en_GB"})
	if !whatsapp.MaybeSent(err) || whatsapp.Classify(err) != whatsapp.Retry {
		t.Fatalf("got %v, want a retryable maybe-sent error", err)
	}
}
