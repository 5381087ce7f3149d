package api

import (
	"net/http"
	"testing"
)

// TestBodiesRefuseUnknownFieldsAndTrailingData sends every route that reads a body a typo'd
// field and data after the object: each is a 400 naming what was wrong, and nothing is written
// or sent.
func TestBodiesRefuseUnknownFieldsAndTrailingData(t *testing.T) {
	const trailing = "Request body must be a single JSON object, with nothing after it"
	type route struct{ method, key, path, token string }
	send := route{"POST", "ANY /api/whatsapp/send", "/api/whatsapp/send", tokSender}
	job := route{"PUT", routeJob, "/api/jobs/77", tokAdmin}
	settings := route{"PUT", "ANY /api/admin/whatsapp/settings", "/api/admin/whatsapp/settings", tokAdmin}
	upload := route{"POST", "ANY /api/whatsapp/attachments", "/api/whatsapp/attachments", tokSender}
	reply := route{"POST", routeConvMessages, "", tokSender}
	const sendOK = `{"job_id": 1050, "phone_number": "+447700900123", "template_id": 3`
	const settingsOK = `{"provider":"meta","api_url":"https://graph.example.com","phone_number_id":"1055"`
	const uploadOK = `{"file_name":"a.pdf","content_type":"application/pdf","size":10`
	tests := []struct {
		name string
		rt   route
		body string
		msg  string
	}{
		{"job with a typo'd date", job, `{"job_ref":"JOB-077","apointment_date":"2026-12-01"}`, `Unknown field "apointment_date"`},
		{"job with trailing data", job, `{"job_ref":"JOB-077"} x`, trailing},
		{"job as two objects", job, `{"job_ref":"JOB-077"}{"job_ref":"JOB-078"}`, trailing},
		{"send with a typo", send, sendOK + `, "variabels": {"a": "b"}}`, `Unknown field "variabels"`},
		{"send with trailing data", send, sendOK + `} {"x":1}`, trailing},
		{"settings with a typo", settings, settingsOK + `, "api_tokn": "EAAnew"}`, `Unknown field "api_tokn"`},
		{"settings with trailing data", settings, settingsOK + `} 1`, trailing},
		{"upload with a typo", upload, uploadOK + `, "filename": "b.pdf"}`, `Unknown field "filename"`},
		{"upload with trailing data", upload, uploadOK + `}]`, trailing},
		{"reply with a typo", reply, `{"txt":"hello"}`, `Unknown field "txt"`},
		{"reply with trailing data", reply, `{"text":"hello"} {"text":"again"}`, trailing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mw := newMediaWorld()
			r := req(tt.rt.method, tt.rt.key, tt.rt.path, tt.rt.token, tt.body)
			r.PathParameters = map[string]string{"job_id": "77", "conversation_id": mw.conv.ID}
			if tt.rt.key == routeConvMessages {
				r.RawPath = "/api/whatsapp/conversations/" + mw.conv.ID + "/messages"
			}
			resp := mw.do(r)
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400 (%s)", resp.StatusCode, resp.Body)
			}
			if got := messageOf(t, resp.Body); got != tt.msg {
				t.Errorf("error = %q, want %q", got, tt.msg)
			}
			if _, ok := mw.store.job("org1", 77); ok {
				t.Error("the job was stored")
			}
			if got := mw.store.settings("org1").APIURL; got != "https://graph.facebook.com" {
				t.Errorf("settings changed: api_url %q", got)
			}
			if len(mw.provider.Sends()) != 0 || len(mw.media.sent) != 0 || len(mw.outbound.Sent()) != 0 || len(mw.reach.kept) != 0 {
				t.Errorf("sent: provider %d, media %d, queued %d, kept %d; want nothing", len(mw.provider.Sends()), len(mw.media.sent), len(mw.outbound.Sent()), len(mw.reach.kept))
			}
		})
	}
}

// TestBodiesAcceptCSRFToken: PropOps clients may put csrf_token in any body; the strict decoder
// accepts it everywhere.
func TestBodiesAcceptCSRFToken(t *testing.T) {
	mw := newMediaWorld()
	r := req("PUT", routeJob, "/api/jobs/77", tokAdmin, `{"job_ref":"JOB-077","appointment_date":"2026-12-01","csrf_token":"abc"}`)
	r.PathParameters = map[string]string{"job_id": "77"}
	if resp := mw.do(r); resp.StatusCode != http.StatusOK {
		t.Fatalf("job: status = %d, want 200 (%s)", resp.StatusCode, resp.Body)
	}
	if got, _ := mw.store.job("org1", 77); got.AppointmentDate != "2026-12-01" {
		t.Errorf("stored appointment_date = %q, want 2026-12-01", got.AppointmentDate)
	}
	if resp := mw.do(mw.reply(`{"attachment_id":"` + pdfID + `","csrf_token":"abc"}`)); resp.StatusCode != http.StatusOK {
		t.Errorf("reply: status = %d, want 200 (%s)", resp.StatusCode, resp.Body)
	}
}
