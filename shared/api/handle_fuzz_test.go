package api

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/proplink/chat/shared/attachments"
)

// presignOnly is the blob store of the fuzzed uploads: it presigns, and nothing else is called.
type presignOnly struct{ attachments.Blobs }

func (presignOnly) PresignPut(_ context.Context, key, _ string, _ int64, _ time.Duration) (string, error) {
	return "https://bucket.example/" + key, nil
}

// recordOnly is the attachment store of the fuzzed uploads: it records, and nothing else is
// called.
type recordOnly struct{ attachments.Store }

func (recordOnly) PutAttachment(context.Context, attachments.Attachment) error { return nil }

// FuzzHandleBodies feeds arbitrary bodies to every route that reads one (send, job, settings,
// template sync, attachments, conversation replies): the API must never panic, must always
// answer in the envelope, and every 4xx must say what was wrong. (A body valid enough to pass
// every check may reach a fake that is not built for it and answer 500; that is the fake's.)
func FuzzHandleBodies(f *testing.F) {
	routes := []struct{ method, key, path string }{
		{"POST", "ANY /api/whatsapp/send", "/api/whatsapp/send"},
		{"PUT", "ANY /api/jobs/{job_id}", "/api/jobs/1050"},
		{"PUT", "ANY /api/admin/whatsapp/settings", "/api/admin/whatsapp/settings"},
		{"POST", "ANY /api/admin/whatsapp/templates/sync", "/api/admin/whatsapp/templates/sync"},
		{"POST", "ANY /api/whatsapp/attachments", "/api/whatsapp/attachments"},
		{"POST", "ANY /api/whatsapp/conversations/{conversation_id}/messages", "/api/whatsapp/conversations/c1/messages"},
	}
	for i := range routes {
		f.Add(i, `{"job_id": 1050, "phone_number": "+447700900123", "template_id": 3}`)
		f.Add(i, `{"job_ref":"JOB-1","appointment_date":"2026-13-40","tenant_phone":"0770"}`)
		f.Add(i, `{"provider":"meta","api_url":"http://10.0.0.1","phone_number_id":"x","api_token":"a b"}`)
		f.Add(i, `{"file_name":"../../etc/passwd","content_type":"application/x-msdownload","size":-1}`)
		f.Add(i, `{"text":"", "template_id": 0, "attachment_id": "x", "caption": "c"}`)
		f.Add(i, `[]`)
		f.Add(i, "\x00\xff")
	}
	f.Fuzz(func(t *testing.T, route int, body string) {
		if route < 0 || route >= len(routes) {
			return
		}
		rt := routes[route]
		r := req(rt.method, rt.key, rt.path, tokAdmin, body)
		r.PathParameters = map[string]string{"job_id": "1050", "conversation_id": "c1"}
		w := newMediaWorld()
		w.api.Attachments = &attachments.Service{Blobs: presignOnly{}, Store: recordOnly{}, Now: func() time.Time { return t0 },
			NewID: func() string { return "01JFUZZ00000000000000000000" }}
		if rt.key == routeConvMessages {
			r.PathParameters["conversation_id"] = w.conv.ID
		}
		resp := w.do(r)
		var env struct {
			Success *bool  `json:"success"`
			Error   string `json:"error"`
		}
		if err := json.Unmarshal([]byte(resp.Body), &env); err != nil || env.Success == nil {
			t.Fatalf("%s %s answered %d with a body outside the envelope: %q", rt.method, rt.path, resp.StatusCode, resp.Body)
		}
		if !*env.Success && env.Error == "" {
			t.Fatalf("%s %s: an error answer without its text: %q", rt.method, rt.path, resp.Body)
		}
		if resp.StatusCode >= 400 && resp.StatusCode < 500 && env.Error == "An internal error occurred. Please try again later." {
			t.Fatalf("%s %s answered %d with the internal-error text to body %q", rt.method, rt.path, resp.StatusCode, body)
		}
	})
}
