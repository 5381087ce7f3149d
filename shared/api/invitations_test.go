package api

import (
	"slices"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

func invitation(ref, token, body string) Request {
	return refReq(routeInvitations, "/api/property/work-orders/"+ref+"/invitations", ref, token, body)
}

func TestWorkOrderInvitation(t *testing.T) {
	reed := `{"vendor_id":"v-reed"}`
	tests := []struct {
		name        string
		edit        func(*noticeWorld)
		token, ref  string
		body        string
		status      int
		wantErr     string
		wantInvited []string // WO-2026-0042's invited vendors afterwards
	}{
		{name: "a vendor is invited and sent the template with both buttons", token: tokPropManage, ref: "WO-2026-0042", body: reed, status: 200,
			wantInvited: []string{"v-apex", "v-reed"}},
		{name: "an invited vendor is sent it again", token: tokPropManage, ref: "WO-2026-0042", body: `{"vendor_id":"v-apex"}`, status: 200,
			edit: func(w *noticeWorld) {
				w.prop.records["org1/vendors/v-apex"] = property.Vendor{ID: "v-apex", Name: "Apex Roofing", Phone: reedPhone}
			}, wantInvited: []string{"v-apex"}},
		{name: "no approved invitation template: 422, nobody invited", token: tokPropManage, ref: "WO-2026-0042", body: reed, status: 422,
			edit:    func(w *noticeWorld) { w.store.setTemplates("org1", seedTemplates()) },
			wantErr: "The organisation has no approved work_order_invitation template", wantInvited: []string{"v-apex"}},
		{name: "an opted-out vendor: refused, nobody invited", token: tokPropManage, ref: "WO-2026-0042", body: reed, status: 422,
			edit: func(w *noticeWorld) { w.reach.optedOut = true }, wantErr: messaging.MsgOptedOut, wantInvited: []string{"v-apex"}},
		{name: "an awarded work order", token: tokPropManage, ref: "WO-2026-0051", body: reed, status: 422, wantErr: "already awarded", wantInvited: []string{"v-apex"}},
		{name: "a vendor without a phone number", token: tokPropManage, ref: "WO-2026-0042", body: `{"vendor_id":"v-quiet"}`, status: 422,
			wantErr: "no phone number", wantInvited: []string{"v-apex"}},
		{name: "an unknown vendor", token: tokPropManage, ref: "WO-2026-0042", body: `{"vendor_id":"v-nobody"}`, status: 404, wantInvited: []string{"v-apex"}},
		{name: "another organisation's work order", token: tokRival, ref: "WO-2026-0042", body: reed, status: 404, wantInvited: []string{"v-apex"}},
		{name: "without the manage permission", token: tokPropView, ref: "WO-2026-0042", body: reed, status: 403, wantInvited: []string{"v-apex"}},
		{name: "a malformed reference", token: tokPropManage, ref: "TKT-2026-0042", body: reed, status: 400, wantInvited: []string{"v-apex"}},
		{name: "a malformed vendor id", token: tokPropManage, ref: "WO-2026-0042", body: `{"vendor_id":"../v"}`, status: 400, wantInvited: []string{"v-apex"}},
		{name: "a vendor id with a blank around it, which the document refuses", token: tokPropManage, ref: "WO-2026-0042", body: `{"vendor_id":" v-reed"}`,
			status: 400, wantErr: "vendor_id", wantInvited: []string{"v-apex"}},
		{name: "a null vendor id", token: tokPropManage, ref: "WO-2026-0042", body: `{"vendor_id":null}`, status: 400, wantInvited: []string{"v-apex"}},
		{name: "an unknown field", token: tokPropManage, ref: "WO-2026-0042", body: `{"vendor_id":"v-reed","rate":1}`, status: 400, wantInvited: []string{"v-apex"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newNoticeWorld(0)
			if tt.edit != nil {
				tt.edit(w)
			}
			resp := w.do(invitation(tt.ref, tt.token, tt.body))
			if resp.StatusCode != tt.status || !strings.Contains(resp.Body, tt.wantErr) {
				t.Fatalf("got %d %s, want %d with %q", resp.StatusCode, resp.Body, tt.status, tt.wantErr)
			}
			if got := w.prop.records["org1/work-orders/WO-2026-0042"].(property.WorkOrder).InvitedIDs; !slices.Equal(got, tt.wantInvited) {
				t.Errorf("invited: got %v, want %v", got, tt.wantInvited)
			}
			if tt.status != 200 {
				if w.provider.sent() != 0 || len(w.reach.kept) != 0 {
					t.Errorf("a refusal sent %d messages and kept %d; want none", w.provider.sent(), len(w.reach.kept))
				}
				return
			}
			if len(w.provider.templates) != 1 || len(w.provider.texts) != 0 {
				t.Fatalf("sent: got %+v and texts %q, want one template", w.provider.templates, w.provider.texts)
			}
			got := w.provider.templates[0]
			if got.Name != "work_order_invitation" || got.To != reedPhone {
				t.Errorf("template: got %s to %s, want work_order_invitation to %s", got.Name, got.To, reedPhone)
			}
			var params, payloads []string
			for _, c := range got.Rendered.Components {
				for _, p := range c.Parameters {
					if c.SubType == "quick_reply" {
						payloads = append(payloads, p.Payload)
					} else {
						params = append(params, p.Text)
					}
				}
			}
			if want := []string{"WO-2026-0042", "Leaking roof", "Riverside Court", "Friday 4 December 2026"}; !slices.Equal(params, want) {
				t.Errorf("parameters: got %q, want %q", params, want)
			}
			if want := []string{"wo:accept:WO-2026-0042", "wo:decline:WO-2026-0042"}; !slices.Equal(payloads, want) {
				t.Errorf("quick-reply payloads: got %q, want %q", payloads, want)
			}
			if len(w.reach.kept) != 1 || !strings.HasSuffix(w.reach.kept[0].Text, "[Accept] [Decline]") {
				t.Errorf("conversation: got %+v, want the invitation with its buttons", w.reach.kept)
			}
		})
	}
}

func TestWorkOrderInvitationIdempotent(t *testing.T) {
	w := newNoticeWorld(0)
	w.api.Idempotency = newMemIdem()
	send := func() Request {
		r := invitation("WO-2026-0042", tokPropManage, `{"vendor_id":"v-reed"}`)
		r.Headers["idempotency-key"] = "invite-1"
		return r
	}
	first, again := w.do(send()), w.do(send())
	if first.StatusCode != 200 || again.Headers["Idempotent-Replayed"] != "true" || again.Body != first.Body {
		t.Fatalf("got %d %s then %v %s, want the first answer replayed", first.StatusCode, first.Body, again.Headers, again.Body)
	}
	if w.provider.sent() != 1 {
		t.Errorf("sends: got %d, want 1", w.provider.sent())
	}
}
