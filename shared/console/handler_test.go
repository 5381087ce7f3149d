package console

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/api/openapi"
	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
)

var (
	convA = messaging.Conversation{ID: "c" + strings.Repeat("a", 24), Phone: "+447700900123", ProfileName: "Jane Resident",
		LastInboundAt: t0.Add(-time.Hour), LastActivityAt: t0.Add(-time.Hour)}
	convRival = messaging.Conversation{ID: "c" + strings.Repeat("b", 24), Phone: "+447700900999", LastActivityAt: t0}
)

// world is a console handler over in-memory fakes, with a signed-in session of staff.
type world struct {
	h        *Handler
	api      *recordingAPI
	st       *memStore
	cookie   string
	csrf     string
	secure   bool
	sessions *Sessions
}

func newWorld(t *testing.T) *world {
	t.Helper()
	s, st, _ := newSessions()
	w := &world{api: &recordingAPI{}, st: st, sessions: s, secure: true}
	w.h = &Handler{Sessions: s, Store: st, Conversations: memConvs{convs: map[string][]messaging.Conversation{"demo": {convA}, "rival": {convRival}}}, API: w.api, Secure: true, Now: func() time.Time { return t0 }}
	code, _, err := s.Mint(context.Background(), staff)
	if err != nil {
		t.Fatal(err)
	}
	resp := w.do(t, "POST", "/console/sign-in", "code="+url.QueryEscape(code), nil)
	if resp.StatusCode != 303 || len(resp.Cookies) != 2 {
		t.Fatalf("sign-in answered %d with cookies %v", resp.StatusCode, resp.Cookies)
	}
	w.cookie, _, _ = strings.Cut(resp.Cookies[0], ";")
	out := w.do(t, "GET", CSRFTokenPath, "", nil)
	var env struct{ Data map[string]string }
	if err := json.Unmarshal([]byte(out.Body), &env); err != nil || env.Data["csrf_token"] == "" {
		t.Fatalf("csrf-token answered %d %s", out.StatusCode, out.Body)
	}
	w.csrf = env.Data["csrf_token"]
	return w
}

// do makes a request of ConsoleFunction with the world's session cookie (when it has one) and
// headers.
func (w *world) do(t *testing.T, method, path, body string, headers map[string]string) apigw.Response {
	t.Helper()
	return w.doAt(t, ConsoleFunction, method, path, body, headers)
}

// doAt makes the request of the function fn: ConsoleFunction's handler, or ApiFunction's
// Delegate over the same sessions and platform API, with the route key API Gateway gives it.
func (w *world) doAt(t *testing.T, fn, method, path, body string, headers map[string]string) apigw.Response {
	t.Helper()
	raw, query, _ := strings.Cut(path, "?")
	q := map[string]string{}
	vals, _ := url.ParseQuery(query)
	for k := range vals {
		q[k] = vals.Get(k)
	}
	r := apigw.Request{RouteKey: "ANY /console/{proxy+}", RawPath: raw, Body: body, Headers: headers, QueryStringParameters: q}
	r.RequestContext.DomainName = "console.example"
	r.RequestContext.HTTP.Method = method
	if w.cookie != "" {
		r.Cookies = []string{w.cookie}
	}
	ctx := obs.WithLogger(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if fn == APIFunction {
		for _, d := range Delegations {
			if _, ok := matchPath(d.Path, strings.Split(strings.TrimPrefix(raw, "/"), "/")); ok && d.Function == APIFunction {
				r.RouteKey = "ANY " + d.Path
			}
		}
		d := &Delegate{Sessions: w.sessions, API: w.api}
		if !d.Serves(r) {
			t.Fatalf("ApiFunction's Delegate does not serve %s %s", r.RouteKey, raw)
		}
		return d.Handle(ctx, r)
	}
	resp, err := w.h.Handle(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestSignInSetsASessionCookie(t *testing.T) {
	s, st, _ := newSessions()
	for _, secure := range []bool{true, false} {
		h := &Handler{Sessions: s, Store: st, Conversations: memConvs{}, API: &recordingAPI{}, Secure: secure, Now: func() time.Time { return t0 }}
		w := &world{h: h}
		code, _, _ := s.Mint(context.Background(), staff)
		resp := w.do(t, "POST", "/console/sign-in", "code="+url.QueryEscape(code), nil)
		if resp.StatusCode != 303 || resp.Headers["Location"] != "/console" {
			t.Fatalf("secure %v: answered %d to %q, want 303 to /console", secure, resp.StatusCode, resp.Headers["Location"])
		}
		if got, want := len(resp.Cookies), 2; got != want {
			t.Fatalf("secure %v: %d cookies, want %d (/console and the CSRF token path)", secure, got, want)
		}
		for i, path := range []string{"/console", CSRFTokenPath} {
			c := resp.Cookies[i]
			for _, want := range []string{CookieName + "=demo.", "HttpOnly", "SameSite=Lax", "Path=" + path + ";"} {
				if !strings.Contains(c, want) {
					t.Errorf("cookie %q lacks %q", c, want)
				}
			}
			if got := strings.Contains(c, "; Secure"); got != secure {
				t.Errorf("cookie %q: Secure %v, want %v", c, got, secure)
			}
		}
	}
}

func TestSignInPageDoesNotUseTheCode(t *testing.T) {
	w := newWorld(t)
	w.cookie = ""
	code, _, _ := w.sessions.Mint(context.Background(), staff)
	// A link preview fetches the link: the code must still work afterwards.
	page := w.do(t, "GET", "/console/sign-in?code="+url.QueryEscape(code), "", nil)
	if page.StatusCode != 200 || !strings.Contains(page.Body, `value="`+code+`"`) || page.Headers["Referrer-Policy"] != "same-origin" {
		t.Fatalf("sign-in page answered %d %q", page.StatusCode, page.Body)
	}
	if resp := w.do(t, "POST", "/console/sign-in", "code="+url.QueryEscape(code), nil); resp.StatusCode != 303 {
		t.Errorf("sign-in after the page was fetched: got %d, want 303", resp.StatusCode)
	}
	if resp := w.do(t, "POST", "/console/sign-in", "code="+url.QueryEscape(code), nil); resp.StatusCode != 401 {
		t.Errorf("second sign-in with the code: got %d, want 401", resp.StatusCode)
	}
}

func TestConsoleAPIRefusals(t *testing.T) {
	w := newWorld(t)
	reply := `{"text":"hello"}`
	path := "/console/api/conversations/" + convA.ID + "/messages"
	send := `{"job_id":1050}`
	tests := []struct {
		name    string
		fn      string
		cookie  string
		method  string
		path    string
		body    string
		headers map[string]string
		want    int
	}{
		{"no session", ConsoleFunction, "-", "GET", "/console/api/inbox", "", nil, 401},
		{"forged session", ConsoleFunction, CookieName + "=demo.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "GET", "/console/api/inbox", "", nil, 401},
		{"sign-out without CSRF token", ConsoleFunction, "", "POST", "/console/api/sign-out", "", nil, 403},
		{"handover without CSRF token", ConsoleFunction, "", "DELETE", "/console/api/conversations/" + convA.ID + "/handover", "", nil, 403},
		{"unknown console route", ConsoleFunction, "", "GET", "/console/api/nothing-here", "", nil, 404},
		{"another organisation's conversation marked read", ConsoleFunction, "", "POST", "/console/api/conversations/" + convRival.ID + "/read", "", map[string]string{"X-CSRF-Token": "<csrf>"}, 404},
		{"malformed conversation id marked read", ConsoleFunction, "", "POST", "/console/api/conversations/x/read", "", map[string]string{"X-CSRF-Token": "<csrf>"}, 400},
		{"ApiFunction: no session", APIFunction, "-", "POST", "/console/api/send", send, map[string]string{"X-CSRF-Token": "<csrf>"}, 401},
		{"ApiFunction: forged session", APIFunction, CookieName + "=demo.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "GET", "/console/api/attachments/01JATT", "", nil, 401},
		{"ApiFunction: reply without CSRF token", APIFunction, "", "POST", path, reply, nil, 403},
		{"ApiFunction: reply with a wrong CSRF token", APIFunction, "", "POST", path, reply, map[string]string{"X-CSRF-Token": "demo.wrong"}, 403},
		{"ApiFunction: send without CSRF token", APIFunction, "", "POST", "/console/api/send", send, nil, 403},
		{"ApiFunction: the console's own route", APIFunction, "", "GET", "/console/api/inbox", "", nil, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(w.api.calls)
			ww := *w
			switch tt.cookie {
			case "-":
				ww.cookie = ""
			case "":
			default:
				ww.cookie = tt.cookie
			}
			if tt.headers["X-CSRF-Token"] == "<csrf>" {
				tt.headers = map[string]string{"X-CSRF-Token": w.csrf}
			}
			resp := ww.doAt(t, tt.fn, tt.method, tt.path, tt.body, tt.headers)
			if resp.StatusCode != tt.want {
				t.Errorf("got %d %s, want %d", resp.StatusCode, resp.Body, tt.want)
			}
			if !strings.Contains(resp.Body, `"success":false`) {
				t.Errorf("body %s is not the error envelope", resp.Body)
			}
			if len(w.api.calls) != before {
				t.Errorf("the platform API was called for a refused request")
			}
		})
	}
}

func TestConsoleAPIDelegatesWithTheSessionsPrincipal(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		fn                 string // the function the template routes the path to
		method, path, body string
		csrf               string // "header", "body" or ""
		route              string
		params             map[string]string
	}{
		{ConsoleFunction, "GET", "/console/api/conversations/" + convA.ID + "?limit=200", "", "", "ANY /api/whatsapp/conversations/{conversation_id}", map[string]string{"conversation_id": convA.ID}},
		{ConsoleFunction, "GET", "/console/api/templates", "", "", "ANY /api/whatsapp/get-options", nil},
		{ConsoleFunction, "DELETE", "/console/api/conversations/" + convA.ID + "/handover", "", "header", "ANY /api/whatsapp/conversations/{conversation_id}/handover", map[string]string{"conversation_id": convA.ID}},
		{ConsoleFunction, "GET", "/console/api/jobs/1050/case-notes", "", "", "ANY /api/jobs/{job_id}/case-notes", map[string]string{"job_id": "1050"}},
		{APIFunction, "GET", "/console/api/conversations/" + convA.ID + "/messages", "", "", "ANY /api/whatsapp/conversations/{conversation_id}/messages", map[string]string{"conversation_id": convA.ID}},
		{APIFunction, "POST", "/console/api/conversations/" + convA.ID + "/messages", `{"text":"hi"}`, "header", "ANY /api/whatsapp/conversations/{conversation_id}/messages", map[string]string{"conversation_id": convA.ID}},
		{APIFunction, "POST", "/console/api/conversations/" + convA.ID + "/messages", `{"text":"hi","csrf_token":"<csrf>"}`, "body", "ANY /api/whatsapp/conversations/{conversation_id}/messages", map[string]string{"conversation_id": convA.ID}},
		{APIFunction, "POST", "/console/api/attachments", `{"file_name":"a.pdf","content_type":"application/pdf","size":10}`, "header", "ANY /api/whatsapp/attachments", nil},
		{APIFunction, "GET", "/console/api/attachments/01JATT", "", "", "ANY /api/whatsapp/attachments/{attachment_id}", map[string]string{"attachment_id": "01JATT"}},
		{APIFunction, "POST", "/console/api/send", `{"job_id":1050}`, "header", "ANY /api/whatsapp/send", nil},
		{APIFunction, "PUT", "/console/api/jobs/1050", `{"title":"Boiler"}`, "header", "ANY /api/jobs/{job_id}", map[string]string{"job_id": "1050"}},
	}
	for _, tt := range tests {
		t.Run(tt.fn+" "+tt.method+" "+tt.path, func(t *testing.T) {
			var headers map[string]string
			body := strings.ReplaceAll(tt.body, "<csrf>", w.csrf)
			if tt.csrf == "header" {
				headers = map[string]string{"X-CSRF-Token": w.csrf}
			}
			resp := w.doAt(t, tt.fn, tt.method, tt.path, body, headers)
			if resp.StatusCode != 200 {
				t.Fatalf("got %d %s", resp.StatusCode, resp.Body)
			}
			got := w.api.calls[len(w.api.calls)-1]
			if got.r.RouteKey != tt.route {
				t.Errorf("route %q, want %q", got.r.RouteKey, tt.route)
			}
			if got.p.OrgID != "demo" || got.p.UserID != "u1" {
				t.Errorf("principal %+v, want demo's u1", got.p)
			}
			for k, v := range tt.params {
				if got.r.PathParameters[k] != v {
					t.Errorf("path parameter %s = %q, want %q", k, got.r.PathParameters[k], v)
				}
			}
			if got.r.Body != body {
				t.Errorf("body %q, want %q", got.r.Body, body)
			}
		})
	}
}

func TestCSRFTokenAtThePlatformPath(t *testing.T) {
	w := newWorld(t)
	spec, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, path string
		signedIn           bool
		status             int
	}{
		{"the session's token", "GET", CSRFTokenPath, true, 200},
		{"no session", "GET", CSRFTokenPath, false, 401},
		{"not a GET", "POST", CSRFTokenPath, true, 405},
		{"the old console path is gone", "GET", "/console/api/security/csrf-token", true, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := *w
			if !tt.signedIn {
				v.cookie = ""
			}
			resp := v.do(t, tt.method, tt.path, "", nil)
			if got, want := resp.StatusCode, tt.status; got != want {
				t.Fatalf("got %d, want %d: %s", got, want, resp.Body)
			}
			if tt.path == CSRFTokenPath {
				h := http.Header{}
				for k, v := range resp.Headers {
					h.Set(k, v)
				}
				if err := spec.CheckResponse(httptest.NewRequest(tt.method, tt.path, nil), resp.StatusCode, h, []byte(resp.Body)); err != nil {
					t.Errorf("the answer disagrees with openapi.yaml: %v", err)
				}
			}
			if tt.status != 200 {
				return
			}
			var env struct {
				Success bool              `json:"success"`
				Data    map[string]string `json:"data"`
				Message string            `json:"message"`
			}
			if err := json.Unmarshal([]byte(resp.Body), &env); err != nil {
				t.Fatal(err)
			}
			if !env.Success || env.Data["csrf_token"] != w.csrf || env.Message == "" || len(env.Data) != 1 {
				t.Errorf("got %s, want the envelope with data.csrf_token %q and a message", resp.Body, w.csrf)
			}
		})
	}
}

func TestSignOutEndsTheSession(t *testing.T) {
	w := newWorld(t)
	resp := w.do(t, "POST", "/console/api/sign-out", "", map[string]string{"X-CSRF-Token": w.csrf})
	if resp.StatusCode != 200 || len(resp.Cookies) != 2 || !strings.Contains(resp.Cookies[0], "Max-Age=0") || !strings.Contains(resp.Cookies[1], "Path="+CSRFTokenPath+"; Max-Age=0") {
		t.Fatalf("sign-out answered %d with cookies %v", resp.StatusCode, resp.Cookies)
	}
	if resp := w.do(t, "GET", "/console/api/inbox", "", nil); resp.StatusCode != 401 {
		t.Errorf("after sign-out: got %d, want 401", resp.StatusCode)
	}
}

func TestAssetsCarryTheSecurityHeaders(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		path, contentType string
		status            int
	}{
		{"/console", "text/html; charset=utf-8", 200},
		{"/console/app.js", "text/javascript; charset=utf-8", 200},
		{"/console/app.css", "text/css; charset=utf-8", 200},
		{"/console/../go.mod", "", 404},
		{"/console/web/app.js", "", 404},
		{"/console/nothing.js", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp := w.do(t, "GET", tt.path, "", nil)
			if resp.StatusCode != tt.status {
				t.Fatalf("got %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != 200 {
				return
			}
			if got := resp.Headers["Content-Type"]; got != tt.contentType {
				t.Errorf("Content-Type %q, want %q", got, tt.contentType)
			}
			if !strings.Contains(resp.Headers["Content-Security-Policy"], "frame-ancestors 'none'") || resp.Headers["X-Content-Type-Options"] != "nosniff" {
				t.Errorf("security headers missing: %v", resp.Headers)
			}
		})
	}
}

func TestSignInFormFromAnotherSiteRefused(t *testing.T) {
	tests := []struct {
		name, path, origin string
		want               int
	}{
		{"sign-in from another site", "/console/sign-in", "https://evil.example", 403},
		{"sign-in from the console itself", "/console/sign-in", "https://console.example", 303},
		{"sign-in without an Origin (not a browser form)", "/console/sign-in", "", 303},
		{"WhatsApp link request from another site", "/console/sign-in/whatsapp", "https://evil.example", 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.cookie = ""
			w.h.WhatsApp = &WhatsAppSignIn{}
			code, _, _ := w.sessions.Mint(context.Background(), staff)
			var headers map[string]string
			if tt.origin != "" {
				headers = map[string]string{"Origin": tt.origin}
			}
			resp := w.do(t, "POST", tt.path, "code="+url.QueryEscape(code), headers)
			if resp.StatusCode != tt.want {
				t.Errorf("got %d, want %d", resp.StatusCode, tt.want)
			}
			if tt.want == 403 && len(resp.Cookies) != 0 {
				t.Errorf("a refused sign-in set cookies %v", resp.Cookies)
			}
		})
	}
}
