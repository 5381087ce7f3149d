package api

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/idempotency"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/property/propertytest"
	"github.com/proplink/chat/shared/whatsapp"
)

const (
	routeTicketMessages = "ANY /api/property/tickets/{ref}/messages"
	routeInvitations    = "ANY /api/property/work-orders/{ref}/invitations"
	routePlatformTicket = "ANY /api/platform/ticket-messages"
	tokPlatform         = "tok-platform"
	janePhone           = "+447700900123"
	reedPhone           = "+447700900456"
)

// AddTicketMessage adds a message to a ticket once per key.
func (m *memProperty) AddTicketMessage(_ context.Context, org, ref string, msg property.TicketMessage, key string) error {
	t, ok := m.tickets[org+"/"+ref]
	if !ok {
		return messaging.Errorf(messaging.CodeNotFound, "Not found")
	}
	if slices.ContainsFunc(t.Messages, func(x property.TicketMessage) bool { return x.ID == key }) {
		return nil
	}
	msg.ID = key
	t.Messages = append(t.Messages, msg)
	m.tickets[org+"/"+ref] = t
	return nil
}

// InviteVendor adds a vendor to a work order's invitations once.
func (m *memProperty) InviteVendor(_ context.Context, org, ref, vendorID, by, note string) (property.WorkOrder, bool, error) {
	r, ok := m.records[org+"/work-orders/"+ref]
	if !ok {
		return property.WorkOrder{}, false, messaging.Errorf(messaging.CodeNotFound, "Not found")
	}
	w := r.(property.WorkOrder)
	if slices.Contains(w.InvitedIDs, vendorID) {
		return w, false, nil
	}
	w.InvitedIDs = append(slices.Clone(w.InvitedIDs), vendorID)
	w.Notes = append(w.Notes, property.WorkOrderNote{By: by, Text: note})
	m.records[org+"/work-orders/"+ref] = w
	return w, true, nil
}

// noticeProvider records the free text and templates the notices send.
type noticeProvider struct {
	fakes.Provider
	texts     []string // "to: text"
	templates []whatsapp.TemplateSend
	err       error
}

func (p *noticeProvider) SendText(_ context.Context, _ whatsapp.Account, to, text, _ string) (string, error) {
	if p.err != nil {
		return "", p.err
	}
	p.texts = append(p.texts, to+": "+text)
	return "wamid.text1", nil
}

func (p *noticeProvider) SendTemplate(_ context.Context, _ whatsapp.Account, m whatsapp.TemplateSend) (string, error) {
	if p.err != nil {
		return "", p.err
	}
	p.templates = append(p.templates, m)
	return "wamid.tpl1", nil
}

// sent is everything the provider was asked to send.
func (p *noticeProvider) sent() int { return len(p.texts) + len(p.templates) }

// apiAttachments is the API's attachment port over memAttachments.
type apiAttachments struct{ *memAttachments }

func (apiAttachments) CreateUpload(context.Context, string, string, attachments.UploadRequest) (attachments.Upload, error) {
	return attachments.Upload{}, errors.New("fake: not used")
}

// onePlatform is every organisation's platform.
type onePlatform struct{ p property.Platform }

func (o onePlatform) For(context.Context, string) (property.Platform, error) { return o.p, nil }

// noticeWorld is the property world with seedNotices' people, tickets, work orders and
// templates, and an organisation platform holding Jane's ticket.
type noticeWorld struct {
	*world
	prop      *memProperty
	provider  *noticeProvider
	reach     *memReach
	convs     *memConversations
	handovers *memHandovers
	platform  *propertytest.Memory
}

// newNoticeWorld is the world; Jane last wrote lastInbound ago (never when zero).
func newNoticeWorld(lastInbound time.Duration) *noticeWorld {
	w, m := newPropertyWorld()
	w.store.tokens[tokPlatform] = messaging.Principal{OrgID: "org1", UserID: "platform", Name: "Platform", Permissions: []string{messaging.PermPlatformCallback}}
	seedNotices(w)
	nw := &noticeWorld{world: w, prop: m, provider: &noticeProvider{}, reach: &memReach{store: w.store},
		convs: &memConversations{convs: map[string]messaging.Conversation{}}, handovers: &memHandovers{convs: map[string]string{}, until: map[string]time.Time{}}, platform: janesPlatform()}
	if lastInbound > 0 {
		id := messaging.ConversationID("org1", "1055", janePhone)
		nw.convs.convs[id] = messaging.Conversation{ID: id, OrgID: "org1", PhoneNumberID: "1055", Phone: janePhone, LastInboundAt: t0.Add(-lastInbound)}
	}
	w.api.Conversations, w.api.Handovers, w.api.Platforms = nw.convs, nw.handovers, onePlatform{nw.platform}
	w.api.Attachments = apiAttachments{&memAttachments{atts: map[string]attachments.Attachment{
		"org1|" + pdfID:     {ID: pdfID, OrgID: "org1", Status: attachments.StatusStored, Kind: attachments.KindDocument, FileName: "quote.pdf"},
		"org2|" + foreignID: {ID: foreignID, OrgID: "org2", Status: attachments.StatusStored, Kind: attachments.KindDocument, FileName: "theirs.pdf"},
	}}}
	w.api.Send.Provider, w.api.Send.Reach, w.api.Send.Conversations = nw.provider, nw.reach, nw.convs
	return nw
}

// seedNotices gives org1 in w Jane (resident, reporter of TKT-2026-0042), a contact without a
// number (reporter of TKT-2026-0050), Reed Plumbing (vendor, at reedPhone), a vendor without a
// number, an open and an awarded work order, and the assistant's two templates.
func seedNotices(w *world) {
	m := w.property
	m.records["org1/contacts/c-jane"] = property.Contact{ID: "c-jane", Name: "Jane Smith", Phone: janePhone, UnitIDs: []string{"unit-riverside-1"}}
	m.records["org1/contacts/c-nophone"] = property.Contact{ID: "c-nophone", Name: "No Phone", UnitIDs: []string{}}
	m.records["org1/vendors/v-reed"] = property.Vendor{ID: "v-reed", Name: "Reed Plumbing", Phone: reedPhone}
	m.records["org1/vendors/v-quiet"] = property.Vendor{ID: "v-quiet", Name: "Quiet Ltd"}
	m.records["org1/work-orders/WO-2026-0042"] = property.WorkOrder{Ref: "WO-2026-0042", SiteID: "site-riverside", Title: "Leaking\nroof",
		Deadline: "2026-12-04", Status: property.WorkOrderSent, InvitedIDs: []string{"v-apex"}}
	m.records["org1/work-orders/WO-2026-0051"] = property.WorkOrder{Ref: "WO-2026-0051", SiteID: "site-harbour", Title: "Door entry",
		Status: property.WorkOrderApproved, VendorID: "v-apex"}
	m.tickets["org1/TKT-2026-0042"] = property.Ticket{Ref: "TKT-2026-0042", SiteID: "site-riverside", ReporterID: "c-jane", Title: "Leak", Status: "Open"}
	m.tickets["org1/TKT-2026-0050"] = property.Ticket{Ref: "TKT-2026-0050", SiteID: "site-riverside", ReporterID: "c-nophone", Title: "Noise", Status: "Open"}
	body := func(text string) []messaging.Component { return []messaging.Component{{Type: "BODY", Text: text}} }
	update := messaging.Template{ID: 6, Name: "ticket_update", Language: "en_GB", Category: "UTILITY", Status: messaging.TemplateApproved,
		ParameterFormat: messaging.FormatNamed, Components: body("There is a reply on your ticket {{ticket_ref}}: {{excerpt}}")}
	invite := messaging.Template{ID: 7, Name: "work_order_invitation", Language: "en_GB", Category: "UTILITY", Status: messaging.TemplateApproved,
		ParameterFormat: messaging.FormatNamed, Components: append(body("Work order {{work_order_ref}}: {{title}} at {{site}} by {{deadline}}"),
			messaging.Component{Type: "BUTTONS", Buttons: []messaging.Button{{Type: "QUICK_REPLY", Text: "Accept"}, {Type: "QUICK_REPLY", Text: "Decline"}}})}
	for _, t := range []*messaging.Template{&update, &invite} {
		t.Variables = messaging.DeriveVariables(t.Components)
	}
	w.store.setTemplates("org1", append(w.store.templates("org1"), update, invite))
}

// janesPlatform is an organisation's own platform holding TKT-2026-0042, reported by Jane.
func janesPlatform() *propertytest.Memory {
	ctx, pl := context.Background(), propertytest.NewMemory()
	if err := pl.PutRecord(ctx, "org1", property.Contact{ID: "c-jane", Name: "Jane Smith", Phone: janePhone, UnitIDs: []string{"u1"}}); err != nil {
		panic(err)
	}
	if err := pl.PutTicket(ctx, "org1", property.Ticket{Ref: "TKT-2026-0042", ReporterID: "c-jane", Category: "Maintenance", Priority: "High", Status: "Open", Title: "Leak"}); err != nil {
		panic(err)
	}
	return pl
}

func refReq(route, path, ref, token, body string) Request {
	r := req("POST", route, path, token, body)
	r.PathParameters = map[string]string{"ref": ref}
	return r
}

func ticketMessage(ref, token, body string) Request {
	return refReq(routeTicketMessages, "/api/property/tickets/"+ref+"/messages", ref, token, body)
}

func TestTicketMessageReachesTheResident(t *testing.T) {
	const text = `We've booked the roofer for Tuesday.
He will need access to the loft.`
	body := `{"text":"We've booked the roofer for Tuesday.\nHe will need access to the loft."}`
	tests := []struct {
		name        string
		lastInbound time.Duration
		edit        func(*noticeWorld)
		token, ref  string
		body        string
		status      int
		wantErr     string
		wantText    string // free text sent
		wantExcerpt string // the ticket_update template's excerpt
	}{
		{name: "inside the window: free text", lastInbound: time.Hour, token: tokPropManage, ref: "TKT-2026-0042", body: body, status: 200,
			wantText: janePhone + ": " + text},
		{name: "outside the window: the ticket_update template", lastInbound: 25 * time.Hour, token: tokPropManage, ref: "TKT-2026-0042", body: body, status: 200,
			wantExcerpt: "We've booked the roofer for Tuesday. He will need access to the loft."},
		{name: "never wrote: the template", token: tokPropManage, ref: "TKT-2026-0042", body: body, status: 200,
			wantExcerpt: "We've booked the roofer for Tuesday. He will need access to the loft."},
		{name: "with one of the organisation's attachments", lastInbound: time.Hour, token: tokPropManage, ref: "TKT-2026-0042",
			body: `{"text":"The quote","attachment_id":"` + pdfID + `"}`, status: 200, wantText: janePhone + ": The quote"},
		{name: "outside the window with no approved template: 422, nothing done", lastInbound: 25 * time.Hour, token: tokPropManage, ref: "TKT-2026-0042", body: body,
			edit:   func(w *noticeWorld) { w.store.setTemplates("org1", seedTemplates()) },
			status: 422, wantErr: "The organisation has no approved ticket_update template"},
		{name: "opted out: refused, nothing done", lastInbound: time.Hour, token: tokPropManage, ref: "TKT-2026-0042", body: body,
			edit: func(w *noticeWorld) { w.reach.optedOut = true }, status: 422, wantErr: messaging.MsgOptedOut},
		{name: "a reporter without a phone number", token: tokPropManage, ref: "TKT-2026-0050", body: body, status: 422, wantErr: "Ticket TKT-2026-0050 has no reporter with a phone number"},
		{name: "another organisation's ticket", token: tokRival, ref: "TKT-2026-0042", body: body, status: 404},
		{name: "a ticket outside the caller's sites", token: tokPropManage, ref: "TKT-2026-0042", body: body, status: 404,
			edit: func(w *noticeWorld) {
				p := w.store.tokens[tokPropManage]
				p.SiteIDs = []string{"site-harbour"}
				w.store.tokens[tokPropManage] = p
			}},
		{name: "another organisation's attachment", lastInbound: time.Hour, token: tokPropManage, ref: "TKT-2026-0042",
			body: `{"text":"x","attachment_id":"` + foreignID + `"}`, status: 404},
		{name: "without the manage permission", token: tokPropView, ref: "TKT-2026-0042", body: body, status: 403},
		{name: "a malformed reference", token: tokPropManage, ref: "TKT-42", body: body, status: 400},
		{name: "no text", token: tokPropManage, ref: "TKT-2026-0042", body: `{"text":"  "}`, status: 400, wantErr: "Invalid or missing required parameter: text (1-4096 characters)"},
		{name: "an unknown field", token: tokPropManage, ref: "TKT-2026-0042", body: `{"text":"x","internal":true}`, status: 400, wantErr: `Unknown field`},
		{name: "a null attachment_id, which the document refuses", token: tokPropManage, ref: "TKT-2026-0042", body: `{"text":"x","attachment_id":null}`,
			status: 400, wantErr: "Invalid parameter: attachment_id"},
		{name: "an attachment_id of blanks", token: tokPropManage, ref: "TKT-2026-0042", body: `{"text":"x","attachment_id":" \t"}`,
			status: 400, wantErr: "Invalid parameter: attachment_id"},
		{name: "an attachment_id of 64 wide characters is looked up", token: tokPropManage, ref: "TKT-2026-0042",
			body: `{"text":"x","attachment_id":"` + strings.Repeat("é", 64) + `"}`, status: 404},
		{name: "an attachment_id of 65 characters", token: tokPropManage, ref: "TKT-2026-0042",
			body: `{"text":"x","attachment_id":"` + strings.Repeat("a", 65) + `"}`, status: 400, wantErr: "Invalid parameter: attachment_id"},
		{name: "text over 4096 characters before trimming", token: tokPropManage, ref: "TKT-2026-0042",
			body: `{"text":" ` + strings.Repeat("a", 4096) + `"}`, status: 400, wantErr: "text (1-4096 characters)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newNoticeWorld(tt.lastInbound)
			if tt.edit != nil {
				tt.edit(w)
			}
			resp := w.do(ticketMessage(tt.ref, tt.token, tt.body))
			if resp.StatusCode != tt.status || !strings.Contains(resp.Body, tt.wantErr) {
				t.Fatalf("got %d %s, want %d with %q", resp.StatusCode, resp.Body, tt.status, tt.wantErr)
			}
			msgs := w.prop.tickets["org1/"+tt.ref].Messages
			if tt.status != 200 {
				if len(msgs) != 0 || w.provider.sent() != 0 || len(w.reach.kept) != 0 {
					t.Errorf("a refusal left %d ticket messages, %d sends, %d conversation records; want none", len(msgs), w.provider.sent(), len(w.reach.kept))
				}
				return
			}
			if len(msgs) != 1 || msgs[0].AuthorKind != "staff" || msgs[0].Text != strings.TrimSpace(text) && msgs[0].Text != "The quote" {
				t.Errorf("ticket messages: got %+v, want the staff message", msgs)
			}
			if strings.Contains(tt.body, pdfID) && !slices.Equal(msgs[0].AttachmentIDs, []string{pdfID}) {
				t.Errorf("ticket message attachments: got %v, want %s", msgs[0].AttachmentIDs, pdfID)
			}
			var texts []string
			if tt.wantText != "" {
				texts = []string{tt.wantText}
			}
			if !slices.Equal(w.provider.texts, texts) {
				t.Errorf("free text sent: got %q, want %q", w.provider.texts, texts)
			}
			if tt.wantExcerpt != "" {
				if len(w.provider.templates) != 1 || w.provider.templates[0].Name != "ticket_update" || w.provider.templates[0].To != janePhone {
					t.Fatalf("templates sent: got %+v, want ticket_update to Jane", w.provider.templates)
				}
				params := w.provider.templates[0].Rendered.Components[0].Parameters
				if params[0].Text != "TKT-2026-0042" || params[1].Text != tt.wantExcerpt {
					t.Errorf("template parameters: got %+v, want the reference and %q", params, tt.wantExcerpt)
				}
			} else if len(w.provider.templates) != 0 {
				t.Errorf("templates sent: got %+v, want none", w.provider.templates)
			}
			// Kept in Jane's conversation from the staff member, which staff now hold.
			conv := messaging.ConversationID("org1", "1055", janePhone)
			if len(w.reach.kept) != 1 || w.reach.kept[0].Direction != messaging.DirectionOutbound {
				t.Errorf("conversation: got %+v, want the reply kept", w.reach.kept)
			}
			if !slices.Equal(w.handovers.replied, []string{conv}) {
				t.Errorf("staff replies: got %v, want %s held", w.handovers.replied, conv)
			}
		})
	}
}

// newMemIdem is an empty idempotency store in memory.
func newMemIdem() *memIdem { return &memIdem{done: map[string]idempotency.Outcome{}} }

func TestTicketMessageIdempotent(t *testing.T) {
	w := newNoticeWorld(time.Hour)
	w.api.Idempotency = newMemIdem()
	send := func() Request {
		r := ticketMessage("TKT-2026-0042", tokPropManage, `{"text":"On our way"}`)
		r.Headers["idempotency-key"] = "reply-1"
		return r
	}
	first, again := w.do(send()), w.do(send())
	if first.StatusCode != 200 || again.StatusCode != 200 || again.Headers["Idempotent-Replayed"] != "true" || again.Body != first.Body {
		t.Fatalf("got %d %s then %d %v %s, want the first answer replayed", first.StatusCode, first.Body, again.StatusCode, again.Headers, again.Body)
	}
	if n := len(w.prop.tickets["org1/TKT-2026-0042"].Messages); n != 1 || w.provider.sent() != 1 {
		t.Errorf("got %d ticket messages and %d sends, want one of each", n, w.provider.sent())
	}
	// A retry after a transient provider failure (the key was released) adds no second
	// ticket message, and sends once.
	w = newNoticeWorld(time.Hour)
	w.api.Idempotency = newMemIdem()
	w.provider.err = &whatsapp.Error{HTTPStatus: 503, Code: 131000, Message: "Something went wrong"}
	if r := w.do(send()); r.StatusCode != 503 {
		t.Fatalf("first attempt: got %d %s, want 503", r.StatusCode, r.Body)
	}
	w.provider.err = nil
	if r := w.do(send()); r.StatusCode != 200 {
		t.Fatalf("retry: got %d %s, want 200", r.StatusCode, r.Body)
	}
	if n := len(w.prop.tickets["org1/TKT-2026-0042"].Messages); n != 1 || w.provider.sent() != 1 {
		t.Errorf("after the retry: got %d ticket messages and %d sends, want one of each", n, w.provider.sent())
	}
}

func TestPlatformTicketMessage(t *testing.T) {
	body := func(ref, phone string) string {
		return `{"ticket_ref":"` + ref + `","text":"The roofer comes Tuesday","author":"Dana (Acme Estates)","reporter_phone":"` + phone + `"}`
	}
	tests := []struct {
		name    string
		token   string
		body    string
		status  int
		wantErr string
	}{
		{name: "the reporter's number: sent", token: tokPlatform, body: body("TKT-2026-0042", janePhone), status: 200},
		{name: "another number", token: tokPlatform, body: body("TKT-2026-0042", "+447700900999"), status: 422, wantErr: "reporter_phone is not the phone number"},
		{name: "a ticket the platform does not have", token: tokPlatform, body: body("TKT-2026-0999", janePhone), status: 404},
		{name: "a staff token without the callback permission", token: tokPropManage, body: body("TKT-2026-0042", janePhone), status: 403},
		{name: "a bad number", token: tokPlatform, body: body("TKT-2026-0042", "not a phone"), status: 400},
		{name: "a bad reference", token: tokPlatform, body: body("WO-2026-0042", janePhone), status: 400, wantErr: "ticket_ref (TKT-YYYY-NNNN)"},
		{name: "an unknown field", token: tokPlatform, body: `{"ticket_ref":"TKT-2026-0042","text":"x","reporter_phone":"+447700900123","internal_note":"x"}`, status: 400},
		{name: "a null author, which the document refuses", token: tokPlatform,
			body: `{"ticket_ref":"TKT-2026-0042","text":"x","author":null,"reporter_phone":"+447700900123"}`, status: 400, wantErr: "Invalid parameter: author"},
		{name: "an author over 200 characters before trimming", token: tokPlatform,
			body: `{"ticket_ref":"TKT-2026-0042","text":"x","author":" ` + strings.Repeat("é", 200) + `","reporter_phone":"+447700900123"}`, status: 400, wantErr: "author (at most 200 characters)"},
		{name: "a reference with a blank around it", token: tokPlatform, body: body(" TKT-2026-0042", janePhone), status: 400, wantErr: "ticket_ref (TKT-YYYY-NNNN)"},
		{name: "a number with a blank around it", token: tokPlatform, body: body("TKT-2026-0042", janePhone+" "), status: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newNoticeWorld(time.Hour)
			resp := w.do(req("POST", routePlatformTicket, "/api/platform/ticket-messages", tt.token, tt.body))
			if resp.StatusCode != tt.status || !strings.Contains(resp.Body, tt.wantErr) {
				t.Fatalf("got %d %s, want %d with %q", resp.StatusCode, resp.Body, tt.status, tt.wantErr)
			}
			want := 0
			if tt.status == 200 {
				want = 1
				if !slices.Equal(w.provider.texts, []string{janePhone + ": The roofer comes Tuesday"}) || w.reach.kept[0].AuthorName != "Dana (Acme Estates)" {
					t.Errorf("sent %q kept %+v, want the text to Jane from Dana", w.provider.texts, w.reach.kept)
				}
			}
			if w.provider.sent() != want {
				t.Errorf("sends: got %d, want %d", w.provider.sent(), want)
			}
		})
	}
}
