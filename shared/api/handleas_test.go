package api

import (
	"context"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/messaging"
)

// TestHandleAs holds the staff console's way in to the API: the principal it passes is used
// as is (no bearer token read), with the same route, method and permission checks as Handle.
func TestHandleAs(t *testing.T) {
	sender := messaging.Principal{OrgID: "org1", UserID: "u1", Name: "Sam", Permissions: []string{messaging.PermWhatsAppSend}}
	nobody := messaging.Principal{OrgID: "org1", UserID: "u3", Name: "Nia"}
	tests := []struct {
		name       string
		p          messaging.Principal
		method     string
		routeKey   string
		token      string
		wantStatus int
		wantBody   string
	}{
		{"a principal with the permission, no token", sender, "GET", routeOptions, "", 200, `"success":true`},
		{"a token does not change who calls", nobody, "GET", routeOptions, tokAdmin, 403, "permission"},
		{"no permission", nobody, "GET", routeOptions, "", 403, "permission"},
		{"method the route does not answer", sender, "DELETE", routeOptions, "", 405, "not allowed"},
		{"no such route", sender, "GET", "ANY /api/nothing", "", 404, "No route"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			resp := w.api.HandleAs(context.Background(), tt.p, req(tt.method, tt.routeKey, "/api/whatsapp/get-options", tt.token, ""))
			if resp.StatusCode != tt.wantStatus || !strings.Contains(resp.Body, tt.wantBody) {
				t.Errorf("got %d %s, want %d with %q", resp.StatusCode, resp.Body, tt.wantStatus, tt.wantBody)
			}
		})
	}
}
