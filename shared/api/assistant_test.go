package api

import (
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/messaging"
)

const (
	routeHandover = "ANY /api/whatsapp/conversations/{conversation_id}/handover"
	routeLink     = "ANY /api/me/whatsapp-link"
)

func TestHandover(t *testing.T) {
	tests := []struct {
		name, method, conv, token string
		status                    int
		want                      string // a substring of the body
		until                     time.Time
	}{
		{name: "staff take the conversation", method: "POST", token: tokSender, status: 200,
			want: `"staff_until":"2026-11-25T10:00:00Z"`, until: t0.Add(messaging.HandoverHold)},
		{name: "staff give it back", method: "DELETE", token: tokSender, status: 200, want: `"Conversation given back to the assistant"`},
		{name: "another organisation's conversation", method: "POST", conv: messaging.ConversationID("org2", "1055", "+447700900123"),
			token: tokSender, status: 404, want: messaging.MsgConversationAbsent},
		{name: "a malformed id", method: "POST", conv: "c123", token: tokSender, status: 400, want: "conversation_id"},
		{name: "without the send permission", method: "POST", token: tokNobody, status: 403, want: messaging.MsgForbidden},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mw := newMediaWorld()
			mw.handovers.until[mw.conv.ID] = t0.Add(time.Hour)
			conv := tc.conv
			if conv == "" {
				conv = mw.conv.ID
			}
			r := req(tc.method, routeHandover, "/api/whatsapp/conversations/"+conv+"/handover", tc.token, "")
			r.PathParameters = map[string]string{"conversation_id": conv}
			resp := mw.do(r)
			if resp.StatusCode != tc.status || !strings.Contains(resp.Body, tc.want) {
				t.Fatalf("got %d %s, want %d with %s", resp.StatusCode, resp.Body, tc.status, tc.want)
			}
			got, held := mw.handovers.until[mw.conv.ID]
			switch {
			case tc.status != 200 && got != t0.Add(time.Hour):
				t.Errorf("a refused request moved the hold to %v", got)
			case tc.status == 200 && tc.method == "DELETE" && held:
				t.Errorf("given back, yet held until %v", got)
			case tc.status == 200 && tc.method == "POST" && !got.Equal(tc.until):
				t.Errorf("held until %v, want %v", got, tc.until)
			}
		})
	}
}

func TestWhatsAppLink(t *testing.T) {
	w := newWorld()
	do := func(method string) (int, string) {
		resp := w.do(req(method, routeLink, "/api/me/whatsapp-link", tokSender, ""))
		return resp.StatusCode, resp.Body
	}
	steps := []struct {
		method string
		want   string
	}{
		{"GET", `{"success":true,"data":{"status":"none"}}`},
		{"POST", `"code":"482901","expires_at":"2026-11-24T10:10:00Z"`},
		{"GET", `{"status":"pending","code":"482901","expires_at":"2026-11-24T10:10:00Z"}`},
		{"DELETE", `{"success":true,"data":{"status":"none"},"message":"WhatsApp number unlinked"}`},
		{"GET", `{"success":true,"data":{"status":"none"}}`},
	}
	for _, s := range steps {
		if status, body := do(s.method); status != 200 || !strings.Contains(body, s.want) {
			t.Fatalf("%s: got %d %s, want 200 with %s", s.method, status, body, s.want)
		}
	}
	w.links.states["org1/u1"] = assistant.LinkState{Phone: "+447700900123"}
	if status, body := do("GET"); status != 200 || !strings.Contains(body, `"status":"linked"`) || strings.Contains(body, "900123") {
		t.Errorf("linked: got %d %s, want the number masked", status, body)
	}
}
