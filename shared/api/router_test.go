package api

import (
	"context"
	"testing"

	"github.com/proplink/chat/shared/messaging"
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
			if len(w.provider.Sends()) != 0 {
				t.Errorf("provider calls = %d, want 0", len(w.provider.Sends()))
			}
		})
	}
}

func TestEveryRouteDeclaresMethodsPermissionAndHandler(t *testing.T) {
	for key, rt := range routes {
		t.Run(key, func(t *testing.T) {
			if len(rt.Methods) == 0 || len(rt.Perms) == 0 || rt.handle == nil {
				t.Errorf("route has methods %v, permissions %v, handler %v; want all three", rt.Methods, rt.Perms, rt.handle != nil)
			}
		})
	}
}

// TestEveryRouteRefusesWithoutPermission calls every route and method with a token that
// holds no permission: the route table refuses it before any handler runs.
func TestEveryRouteRefusesWithoutPermission(t *testing.T) {
	for key, rt := range Routes() {
		for _, m := range rt.Methods {
			t.Run(m+" "+key, func(t *testing.T) {
				w := newWorld()
				resp := w.do(req(m, key, "/x", tokNobody, seedBody))
				if resp.StatusCode != 403 || resp.Body != `{"success":false,"error":"You do not have permission to perform this action"}` {
					t.Errorf("answer = %d %s, want 403 forbidden", resp.StatusCode, resp.Body)
				}
				if n := len(w.provider.Sends()) + len(w.provider.Texts()) + len(w.provider.Buttons()); n != 0 || len(w.outbound.Sent()) != 0 {
					t.Errorf("provider sends %d, queued %d; want nothing done", n, len(w.outbound.Sent()))
				}
			})
		}
	}
}

// TestGeneralServesNoRouteThatValidatesNumbersOrCarriesAttachments is ApiGeneralFunction's
// API: the routes that validate a phone number or carry attachments are not found there
// (nothing done, not even the token read), every other route is served (here: the token is
// read, and it holds no permission).
func TestGeneralServesNoRouteThatValidatesNumbersOrCarriesAttachments(t *testing.T) {
	for key, rt := range Routes() {
		for _, m := range rt.Methods {
			t.Run(m+" "+key, func(t *testing.T) {
				w := newWorld()
				w.api.General = true
				resp := w.do(req(m, key, "/x", tokNobody, seedBody))
				want, wantAuth := 403, 1
				if ValidatesNumbers(key) || CarriesAttachments(key) {
					want, wantAuth = 404, 0
				}
				if resp.StatusCode != want || w.store.authCalls != wantAuth {
					t.Errorf("answer = %d %s after %d token reads, want %d after %d", resp.StatusCode, resp.Body, w.store.authCalls, want, wantAuth)
				}
			})
		}
	}
	for key := range numberRoutes {
		if _, ok := routes[key]; !ok {
			t.Errorf("numberRoutes names %s, which is no route", key)
		}
	}
	for key := range attachmentRoutes {
		if _, ok := routes[key]; !ok {
			t.Errorf("attachmentRoutes names %s, which is no route", key)
		}
	}
}

// TestGeneralHandleAsServesNoRouteThatValidatesNumbersOrCarriesAttachments is
// ConsoleFunction's API: a staff session's request for a route that validates a phone number or
// carries attachments is not found there (the template routes those console paths to
// ApiFunction); every other route is served (here: refused for the principal's missing
// permission).
func TestGeneralHandleAsServesNoRouteThatValidatesNumbersOrCarriesAttachments(t *testing.T) {
	nobody := messaging.Principal{OrgID: "demo", UserID: "nobody"}
	for key, rt := range Routes() {
		for _, m := range rt.Methods {
			t.Run(m+" "+key, func(t *testing.T) {
				w := newWorld()
				w.api.General = true
				resp := w.api.HandleAs(context.Background(), nobody, req(m, key, "/x", "", seedBody))
				want := 403
				if ValidatesNumbers(key) || CarriesAttachments(key) {
					want = 404
				}
				if resp.StatusCode != want {
					t.Errorf("answer = %d %s, want %d", resp.StatusCode, resp.Body, want)
				}
			})
		}
	}
}
