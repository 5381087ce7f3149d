package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/idempotency"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/ratelimit"
	"github.com/proplink/chat/shared/whatsapp"
)

const (
	routeSend     = "ANY /api/whatsapp/send"
	routeOptions  = "ANY /api/whatsapp/get-options"
	routeJob      = "ANY /api/jobs/{job_id}"
	routeNotes    = "ANY /api/jobs/{job_id}/case-notes"
	routeSettings = "ANY /api/admin/whatsapp/settings"
	seedBody      = `{"job_id": 1050, "phone_number": "+447700900123", "template_id": 3}`
)

func TestHandleEdges(t *testing.T) {
	tests := []struct {
		name      string
		r         func() Request
		status    int
		body      string
		allow     string
		authCalls int
	}{
		{name: "unknown route", r: func() Request { return req("GET", "GET /api/nope", "/api/nope", tokSender, "") },
			status: 404, body: `{"success":false,"error":"No route for GET /api/nope"}`},
		{name: "GET on send is 405 before auth", r: func() Request { return req("GET", routeSend, "/api/whatsapp/send", "", "") },
			status: 405, allow: "POST", body: `{"success":false,"error":"Method GET not allowed. Allowed: POST"}`},
		{name: "DELETE on settings", r: func() Request { return req("DELETE", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, "") },
			status: 405, allow: "GET, PUT", body: `{"success":false,"error":"Method DELETE not allowed. Allowed: GET, PUT"}`},
		{name: "no token", r: func() Request { return req("POST", routeSend, "/api/whatsapp/send", "", seedBody) },
			status: 401, authCalls: 1, body: `{"success":false,"error":"Authentication required. Please log in."}`},
		{name: "unknown token", r: func() Request { return req("POST", routeSend, "/api/whatsapp/send", "forged", seedBody) },
			status: 401, authCalls: 1, body: `{"success":false,"error":"Authentication required. Please log in."}`},
		{name: "token without api.whatsapp.send", r: func() Request { return req("POST", routeSend, "/api/whatsapp/send", tokNobody, seedBody) },
			status: 403, authCalls: 1, body: `{"success":false,"error":"You do not have permission to perform this action"}`},
		{name: "get-options without permission", r: func() Request { return req("GET", routeOptions, "/api/whatsapp/get-options", tokNobody, "") },
			status: 403, authCalls: 1, body: `{"success":false,"error":"You do not have permission to perform this action"}`},
		{name: "settings without permission", r: func() Request { return req("GET", routeSettings, "/api/admin/whatsapp/settings", tokSender, "") },
			status: 403, authCalls: 1, body: `{"success":false,"error":"You do not have permission to perform this action"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			resp := w.do(tt.r())
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if resp.Body != tt.body {
				t.Errorf("body = %s, want %s", resp.Body, tt.body)
			}
			if got := resp.Headers["Allow"]; got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
			if w.store.authCalls != tt.authCalls {
				t.Errorf("Authenticate calls = %d, want %d", w.store.authCalls, tt.authCalls)
			}
			if w.provider.calls != 0 {
				t.Errorf("provider calls = %d, want 0", w.provider.calls)
			}
		})
	}
}

func TestSendAnswers(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*world)
		body    string
		status  int
		want    string
		headers map[string]string
	}{
		{name: "sent", status: 200,
			want:    `{"success":true,"data":{"message_id":"wamid.abcdef123456","status":"sent","recipient":"+447700900123","template":"appointment_reminder"},"message":"WhatsApp message sent successfully"}`,
			headers: map[string]string{"X-RateLimit-Limit": "20", "X-RateLimit-Remaining": "19", "X-RateLimit-Reset": unix(t0.Add(time.Minute))}},
		{name: "queued on a provider outage", status: 202,
			edit: func(w *world) {
				w.provider.send = func() (string, error) { return "", &whatsapp.Error{HTTPStatus: 503} }
			},
			want: `{"success":true,"data":{"message_id":"01MSG1","status":"queued","recipient":"+447700900123","template":"appointment_reminder"},"message":"WhatsApp message queued for sending"}`},
		{name: "rate limited", status: 429,
			edit: func(w *world) {
				w.limiter.d = ratelimit.Decision{Limit: 20, Remaining: 0, Reset: t0.Add(42 * time.Second), RetryAfter: 41200 * time.Millisecond}
			},
			want:    `{"success":false,"error":"Rate limit exceeded: you can send up to 20 messages per minute. Try again in 42 seconds."}`,
			headers: map[string]string{"Retry-After": "42", "X-RateLimit-Remaining": "0", "X-RateLimit-Limit": "20", "X-RateLimit-Reset": unix(t0.Add(42 * time.Second))}},
		{name: "not configured", status: 400, edit: func(w *world) { delete(w.store.settings, "org1") },
			want: `{"success":false,"error":"WhatsApp integration is not configured"}`},
		{name: "bad phone", status: 400, body: `{"job_id": 1050, "phone_number": "+44 7700 900123", "template_id": 3}`,
			want: `{"success":false,"error":"Invalid phone number format. Use E.164 format, e.g. +447700900123"}`},
		{name: "no job id", status: 400, body: `{"phone_number": "+447700900123", "template_id": 3}`,
			want: `{"success":false,"error":"Job ID is required"}`},
		{name: "template not approved", status: 422, body: `{"job_id": 1050, "phone_number": "+447700900123", "template_id": 5}`,
			want: `{"success":false,"error":"Template gas_safety_notice is not approved (status PENDING) and cannot be sent"}`},
		{name: "another tenant's job is not found", status: 404, body: `{"job_id": 999, "phone_number": "+447700900123", "template_id": 3}`,
			want: `{"success":false,"error":"Job not found"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			if tt.edit != nil {
				tt.edit(w)
			}
			body := tt.body
			if body == "" {
				body = seedBody
			}
			resp := w.do(req("POST", routeSend, "/api/whatsapp/send", tokSender, body))
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if resp.Body != tt.want {
				t.Errorf("body = %s\nwant %s", resp.Body, tt.want)
			}
			for k, v := range tt.headers {
				if got := resp.Headers[k]; got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

func TestGetOptions(t *testing.T) {
	type view struct {
		ID                                                         int
		Name, DisplayName, Description, Language, Category, Status string
		Variables                                                  []string
	}
	tests := []struct {
		name  string
		query map[string]string
		ids   []int
	}{
		{name: "approved only", ids: []int{1, 2, 3, 4}},
		{name: "status=all", query: map[string]string{"status": "all"}, ids: []int{1, 2, 3, 4, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			r := req("GET", routeOptions, "/api/whatsapp/get-options", tokSender, "")
			r.QueryStringParameters = tt.query
			resp := w.do(r)
			if resp.StatusCode != 200 {
				t.Fatalf("status = %d: %s", resp.StatusCode, resp.Body)
			}
			var env struct {
				Success bool
				Data    []json.RawMessage
			}
			if err := json.Unmarshal([]byte(resp.Body), &env); err != nil || !env.Success {
				t.Fatalf("body %s: %v", resp.Body, err)
			}
			var ids []int
			for _, raw := range env.Data {
				var v view
				_ = json.Unmarshal(raw, &v)
				ids = append(ids, v.ID)
			}
			if diff := cmp.Diff(tt.ids, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("seed fields in seed order", func(t *testing.T) {
		w := newWorld()
		resp := w.do(req("GET", routeOptions, "/api/whatsapp/get-options", tokSender, ""))
		first := `{"success":true,"data":[{"id":1,"name":"job_created","display_name":"Job Created Notification","description":"Notify the tenant that a new job has been raised for their property","language":"en_GB","category":"UTILITY","status":"APPROVED","variables":["job_ref","property_address","job_type"]},`
		if !strings.HasPrefix(resp.Body, first) {
			t.Errorf("body = %s\nwant prefix %s", resp.Body, first)
		}
		for _, leak := range []string{"components", "provider_id", "parameter_format"} {
			if strings.Contains(resp.Body, leak) {
				t.Errorf("body shows %q, which the seed does not", leak)
			}
		}
	})
}

func TestIdempotency(t *testing.T) {
	stored := idempotency.Outcome{StatusCode: 200, Headers: map[string]string{"Content-Type": "application/json"}, Body: []byte(`{"success":true,"data":{"message_id":"wamid.first"}}`)}
	tests := []struct {
		name      string
		state     idempotency.State
		send      func() (string, error)
		status    int
		body      string
		calls     int
		completed int
		released  int
	}{
		{name: "replay returns the stored answer without sending", state: idempotency.Replay, status: 200, body: string(stored.Body)},
		{name: "mismatch", state: idempotency.Mismatch, status: 422,
			body: `{"success":false,"error":"This Idempotency-Key was already used with a different request body"}`},
		{name: "in progress", state: idempotency.InProgress, status: 409,
			body: `{"success":false,"error":"A request with this Idempotency-Key is still in progress"}`},
		{name: "first use completes the key", status: 200, calls: 1, completed: 1},
		{name: "5xx frees the key", send: func() (string, error) { return "", &whatsapp.Error{HTTPStatus: 401, Code: 190} },
			status: 502, calls: 1, released: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			w.idem.state, w.idem.stored = tt.state, stored
			w.provider.send = tt.send
			r := req("POST", routeSend, "/api/whatsapp/send", tokSender, seedBody)
			r.Headers["idempotency-key"] = "k-1"
			resp := w.do(r)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d (%s)", resp.StatusCode, tt.status, resp.Body)
			}
			if tt.body != "" && resp.Body != tt.body {
				t.Errorf("body = %s, want %s", resp.Body, tt.body)
			}
			if w.provider.calls != tt.calls {
				t.Errorf("provider calls = %d, want %d", w.provider.calls, tt.calls)
			}
			if len(w.idem.completed) != tt.completed || len(w.idem.released) != tt.released {
				t.Errorf("completed %d, released %d; want %d, %d", len(w.idem.completed), len(w.idem.released), tt.completed, tt.released)
			}
			if tt.completed == 1 && w.idem.completed[0].Body == nil {
				t.Errorf("completed with no body")
			}
			if len(w.idem.claims) != 1 || !strings.HasPrefix(w.idem.claims[0], "ORG#org1#IDEM#u1#k-1|") {
				t.Errorf("claims = %v, want one scoped to org and user", w.idem.claims)
			}
			if tt.state == idempotency.Replay && resp.Headers["Idempotent-Replayed"] != "true" {
				t.Errorf("replay lacks Idempotent-Replayed: %v", resp.Headers)
			}
		})
	}
}

func TestSettings(t *testing.T) {
	const token = "EAAnewsecrettoken9876"
	t.Run("PUT stores secrets and never echoes them", func(t *testing.T) {
		w := newWorld()
		body := `{"provider":"meta","api_url":"https://graph.facebook.com/","api_token":"` + token + `","phone_number_id":"1055","waba_id":"2001","app_secret":"appsecret123","verify_token":"verify123"}`
		resp := w.do(req("PUT", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, body))
		if resp.StatusCode != 200 {
			t.Fatalf("status = %d: %s", resp.StatusCode, resp.Body)
		}
		for _, secret := range []string{token, "appsecret123", "verify123"} {
			if strings.Contains(resp.Body, secret) {
				t.Errorf("response holds a secret: %s", resp.Body)
			}
		}
		want := map[string]string{
			"orgs/org1/whatsapp/api-token": token, "orgs/org1/whatsapp/app-secret": "appsecret123", "orgs/org1/whatsapp/verify-token": "verify123",
		}
		if diff := cmp.Diff(want, w.secrets.m); diff != "" {
			t.Errorf("secrets (-want +got):\n%s", diff)
		}
		st := w.store.settings["org1"]
		if st.APITokenLast4 != "9876" || !st.APITokenSet || !st.AppSecretSet || !st.VerifyTokenSet || st.APIURL != "https://graph.facebook.com" {
			t.Errorf("stored settings = %+v", st)
		}
	})
	t.Run("PUT without a token keeps the old one", func(t *testing.T) {
		w := newWorld()
		body := `{"provider":"360dialog","api_url":"https://waba-v2.360dialog.io","phone_number_id":"1055"}`
		resp := w.do(req("PUT", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, body))
		if resp.StatusCode != 200 {
			t.Fatalf("status = %d: %s", resp.StatusCode, resp.Body)
		}
		if got := w.secrets.m["orgs/org1/whatsapp/api-token"]; got != "EAAoldtokenWXYZ" {
			t.Errorf("token = %q, want the old one", got)
		}
		if got := w.store.settings["org1"].APITokenLast4; got != "WXYZ" {
			t.Errorf("last4 = %q, want WXYZ", got)
		}
	})
	t.Run("GET shows last4 only", func(t *testing.T) {
		w := newWorld()
		resp := w.do(req("GET", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, ""))
		want := `{"success":true,"data":{"provider":"meta","api_url":"https://graph.example.com","phone_number_id":"1055","waba_id":"2001","api_token_set":true,"api_token_last4":"WXYZ","app_secret_set":false,"verify_token_set":false}}`
		if resp.Body != want {
			t.Errorf("body = %s\nwant %s", resp.Body, want)
		}
		if strings.Contains(resp.Body, "EAAoldtoken") {
			t.Errorf("GET shows the token")
		}
	})
	refusals := []struct{ name, body, msg string }{
		{"bad provider", `{"provider":"twilio","api_url":"https://x.example","api_token":"t","phone_number_id":"1"}`, "Invalid or missing required parameter: provider (meta or 360dialog)"},
		{"http url", `{"provider":"meta","api_url":"http://graph.facebook.com","api_token":"t","phone_number_id":"1"}`, "Invalid or missing required parameter: api_url (an https URL)"},
		{"phone number id letters", `{"provider":"meta","api_url":"https://x.example","api_token":"t","phone_number_id":"abc"}`, "Invalid or missing required parameter: phone_number_id"},
		{"token with a space", `{"provider":"meta","api_url":"https://x.example","api_token":"a b","phone_number_id":"1"}`, "Invalid parameter: api_token"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			resp := w.do(req("PUT", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, tt.body))
			if resp.StatusCode != 400 {
				t.Errorf("status = %d, want 400", resp.StatusCode)
			}
			if got := messageOf(t, resp.Body); got != tt.msg {
				t.Errorf("error = %q, want %q", got, tt.msg)
			}
		})
	}
}

func messageOf(t *testing.T, body string) string {
	t.Helper()
	var env struct{ Error string }
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	return env.Error
}

func TestJobs(t *testing.T) {
	tests := []struct {
		name, method, id, body string
		status                 int
		msg                    string
	}{
		{name: "put", method: "PUT", id: "77", body: `{"job_ref":"JOB-077","appointment_date":"2026-12-01"}`, status: 200},
		{name: "put with the same id", method: "PUT", id: "77", body: `{"job_id":77}`, status: 200},
		{name: "put with a mismatched id", method: "PUT", id: "77", body: `{"job_id":78}`, status: 400, msg: "job_id in the body (78) does not match the path (77)"},
		{name: "put with a bad date", method: "PUT", id: "77", body: `{"appointment_date":"01/12/2026"}`, status: 400,
			msg: "Invalid or missing required parameter: appointment_date (use YYYY-MM-DD)"},
		{name: "bad path id", method: "GET", id: "x", status: 400, msg: "Invalid or missing required parameter: job_id"},
		{name: "absent job", method: "GET", id: "9", status: 404, msg: "Job not found"},
		{name: "get", method: "GET", id: "1050", status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			r := req(tt.method, routeJob, "/api/jobs/"+tt.id, tokAdmin, tt.body)
			r.PathParameters = map[string]string{"job_id": tt.id}
			resp := w.do(r)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d (%s)", resp.StatusCode, tt.status, resp.Body)
			}
			if tt.msg != "" {
				if got := messageOf(t, resp.Body); got != tt.msg {
					t.Errorf("error = %q, want %q", got, tt.msg)
				}
			}
			if tt.method == "PUT" && tt.status == 200 {
				if j, ok := w.store.jobs["org1"][77]; !ok || j.OrgID != "org1" || j.UpdatedAt != "2026-11-24T10:00:00Z" {
					t.Errorf("stored job = %+v, %v", j, ok)
				}
			}
		})
	}
}

func TestCaseNotesPagination(t *testing.T) {
	tests := []struct {
		name        string
		query       map[string]string
		status      int
		limit, off  int
		count, rows int
		msg         string
	}{
		{name: "defaults", status: 200, limit: 50, off: 0, count: 3, rows: 3},
		{name: "limit 1", query: map[string]string{"limit": "1"}, status: 200, limit: 1, count: 3, rows: 1},
		{name: "limit 200", query: map[string]string{"limit": "200"}, status: 200, limit: 200, count: 3, rows: 3},
		{name: "offset past the end", query: map[string]string{"offset": "10"}, status: 200, limit: 50, off: 10, count: 3, rows: 0},
		{name: "limit 0", query: map[string]string{"limit": "0"}, status: 400, msg: "Invalid parameter: limit (1-200)"},
		{name: "limit 201", query: map[string]string{"limit": "201"}, status: 400, msg: "Invalid parameter: limit (1-200)"},
		{name: "limit abc", query: map[string]string{"limit": "abc"}, status: 400, msg: "Invalid parameter: limit (1-200)"},
		{name: "offset -1", query: map[string]string{"offset": "-1"}, status: 400, msg: "Invalid parameter: offset (0 or more)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			for _, id := range []string{"a", "b", "c"} {
				w.store.notes["org1"] = append(w.store.notes["org1"], messaging.CaseNote{ID: id, OrgID: "org1", JobID: 1050})
			}
			w.store.notes["org2"] = []messaging.CaseNote{{ID: "x", OrgID: "org2", JobID: 1050}}
			r := req("GET", routeNotes, "/api/jobs/1050/case-notes", tokSender, "")
			r.PathParameters = map[string]string{"job_id": "1050"}
			r.QueryStringParameters = tt.query
			resp := w.do(r)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d (%s)", resp.StatusCode, tt.status, resp.Body)
			}
			if tt.status != http.StatusOK {
				if got := messageOf(t, resp.Body); got != tt.msg {
					t.Errorf("error = %q, want %q", got, tt.msg)
				}
				return
			}
			if got, want := w.store.pageArgs, [2]int{tt.limit, tt.off}; got != want {
				t.Errorf("store saw limit, offset = %v, want %v", got, want)
			}
			var env struct {
				Data  []messaging.CaseNote
				Count int
			}
			if err := json.Unmarshal([]byte(resp.Body), &env); err != nil {
				t.Fatal(err)
			}
			if env.Count != tt.count || len(env.Data) != tt.rows {
				t.Errorf("count %d rows %d, want %d %d", env.Count, len(env.Data), tt.count, tt.rows)
			}
			if tt.rows == 0 && !strings.Contains(resp.Body, `"data":[]`) {
				t.Errorf("empty page is %s, want data []", resp.Body)
			}
		})
	}
}
