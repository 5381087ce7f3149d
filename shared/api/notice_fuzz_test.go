package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// FuzzNoticeBodies feeds arbitrary bodies to the routes that reach a person about a platform
// record (a staff message on a ticket, the platform's callback, a work order invitation): the
// API never panics, always answers in the envelope, never sends for a body it refuses, and
// every 4xx says what was wrong.
func FuzzNoticeBodies(f *testing.F) {
	routes := []struct{ key, path, ref, token string }{
		{routeTicketMessages, "/api/property/tickets/TKT-2026-0042/messages", "TKT-2026-0042", tokPropManage},
		{routePlatformTicket, "/api/platform/ticket-messages", "", tokPlatform},
		{routeInvitations, "/api/property/work-orders/WO-2026-0042/invitations", "WO-2026-0042", tokPropManage},
	}
	for i := range routes {
		f.Add(i, `{"text":"We've booked the roofer"}`)
		f.Add(i, `{"text":"x","attachment_id":"01JPDF00000000000000000000"}`)
		f.Add(i, `{"ticket_ref":"TKT-2026-0042","text":"x","author":"Dana","reporter_phone":"+447700900123"}`)
		f.Add(i, `{"vendor_id":"v-reed"}`)
		f.Add(i, `{"vendor_id":"v-reed","text":null}`)
		f.Add(i, `{"text":"`+strings.Repeat("a", 5000)+`"}`)
		f.Add(i, `[]`)
		f.Add(i, "\x00\xff")
	}
	f.Fuzz(func(t *testing.T, route int, body string) {
		if route < 0 || route >= len(routes) {
			return
		}
		rt := routes[route]
		w := newNoticeWorld(time.Hour)
		r := req("POST", rt.key, rt.path, rt.token, body)
		r.PathParameters = map[string]string{"ref": rt.ref}
		resp := w.do(r)
		var env struct {
			Success *bool  `json:"success"`
			Error   string `json:"error"`
		}
		if err := json.Unmarshal([]byte(resp.Body), &env); err != nil || env.Success == nil {
			t.Fatalf("%s answered %d with a body outside the envelope: %q", rt.path, resp.StatusCode, resp.Body)
		}
		if !*env.Success && (env.Error == "" || w.provider.sent() != 0) {
			t.Fatalf("%s: an error answer %q after %d sends", rt.path, resp.Body, w.provider.sent())
		}
		if resp.StatusCode >= 400 && resp.StatusCode < 500 && env.Error == "An internal error occurred. Please try again later." {
			t.Fatalf("%s answered %d with the internal-error text to body %q", rt.path, resp.StatusCode, body)
		}
	})
}
