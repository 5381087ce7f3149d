package api

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

const (
	routeConvMessages = "ANY /api/whatsapp/conversations/{conversation_id}/messages"
	pdfID             = "01JPDF00000000000000000000"
	foreignID         = "01JFOREIGN0000000000000000"
	missingID         = "01JMISSING0000000000000000"
)

// memConversations holds one organisation's conversations by id.
type memConversations struct {
	convs map[string]messaging.Conversation
}

func (c *memConversations) ListConversations(context.Context, string, int, int) ([]messaging.Conversation, int, error) {
	return nil, 0, nil
}

func (c *memConversations) GetConversation(_ context.Context, orgID, id string) (messaging.Conversation, error) {
	conv, ok := c.convs[id]
	if !ok || conv.OrgID != orgID {
		return messaging.Conversation{}, messaging.Errorf(messaging.CodeNotFound, messaging.MsgConversationAbsent)
	}
	return conv, nil
}

func (c *memConversations) ConversationWithMessages(ctx context.Context, orgID, id string, _, _ int) (messaging.Conversation, []messaging.ConversationMessage, int, error) {
	conv, err := c.GetConversation(ctx, orgID, id)
	return conv, nil, 0, err
}

// memReach answers the suppression reads and records the messages kept in conversations.
type memReach struct {
	store    *memStore
	optedOut bool
	kept     []messaging.ConversationMessage
}

func (r *memReach) LoadSendTo(ctx context.Context, orgID string, jobID int64, templateID int, recipient string) (messaging.SendLoad, error) {
	st, job, tpl, err := r.store.LoadSend(ctx, orgID, jobID, templateID)
	return messaging.SendLoad{Settings: st, Job: job, Template: tpl, Suppression: messaging.Suppression{Phone: recipient, OptedOut: r.optedOut}}, err
}

func (r *memReach) LoadTextSend(ctx context.Context, orgID, recipient string) (messaging.Settings, messaging.Suppression, error) {
	st, err := r.store.GetSettings(ctx, orgID)
	return st, messaging.Suppression{Phone: recipient, OptedOut: r.optedOut}, err
}

func (r *memReach) GetSuppression(_ context.Context, _, phone string) (messaging.Suppression, error) {
	return messaging.Suppression{Phone: phone, OptedOut: r.optedOut}, nil
}

func (r *memReach) RecordOutbound(_ context.Context, _, _, _ string, m messaging.ConversationMessage) error {
	r.kept = append(r.kept, m)
	return nil
}

func (r *memReach) KeepOutbound(ctx context.Context, orgID, phoneNumberID, phone string, m messaging.ConversationMessage) error {
	return r.RecordOutbound(ctx, orgID, phoneNumberID, phone, m)
}

// holdPacer holds every message back for wait.
type holdPacer struct{ wait time.Duration }

func (p holdPacer) Reserve(context.Context, string, time.Time) (messaging.RateDecision, error) {
	return messaging.RateDecision{Allowed: false, RetryAfter: p.wait}, nil
}

func (p holdPacer) ReservePair(context.Context, string, string, string, int64, time.Time) (messaging.RateDecision, error) {
	return messaging.RateDecision{Allowed: false, RetryAfter: p.wait}, nil
}

// memAttachments holds attachments by organisation and id and plays the provider upload.
type memAttachments struct {
	atts     map[string]attachments.Attachment // org|id
	prepared []string
}

func (f *memAttachments) Get(_ context.Context, orgID, id string) (attachments.Attachment, string, time.Time, error) {
	a, ok := f.atts[orgID+"|"+id]
	if !ok {
		return attachments.Attachment{}, "", time.Time{}, messaging.Errorf(messaging.CodeNotFound, "Attachment not found")
	}
	return a, "", time.Time{}, nil
}

func (f *memAttachments) PrepareOutbound(ctx context.Context, orgID, id string) (string, string, error) {
	a, _, _, err := f.Get(ctx, orgID, id)
	if err != nil {
		return "", "", err
	}
	f.prepared = append(f.prepared, id)
	return "media-" + id, a.Kind, nil
}

// memMedia records media sends.
type memMedia struct{ sent []whatsapp.MediaSend }

func (m *memMedia) SendMedia(_ context.Context, _ whatsapp.Account, s whatsapp.MediaSend) (string, error) {
	m.sent = append(m.sent, s)
	return "wamid.media1", nil
}

// mediaWorld is a world whose sender may reply with attachments in one conversation.
type mediaWorld struct {
	*world
	conv  messaging.Conversation
	reach *memReach
	atts  *memAttachments
	media *memMedia
	notes *fakes.Queue[messaging.QueueMessage]
}

func newMediaWorld() *mediaWorld {
	w := newWorld()
	conv := messaging.Conversation{ID: messaging.ConversationID("org1", "1055", "+447700900123"), OrgID: "org1", PhoneNumberID: "1055",
		Phone: "+447700900123", LastInboundAt: t0.Add(-time.Hour), LastJobID: 1050}
	mw := &mediaWorld{world: w, conv: conv, reach: &memReach{store: w.store}, media: &memMedia{}, notes: &fakes.Queue[messaging.QueueMessage]{},
		atts: &memAttachments{atts: map[string]attachments.Attachment{
			"org1|" + pdfID: {ID: pdfID, OrgID: "org1", Direction: attachments.Outbound, Status: attachments.StatusPending,
				Kind: attachments.KindDocument, FileName: "contract.pdf", ContentType: "application/pdf"},
			"org2|" + foreignID: {ID: foreignID, OrgID: "org2", Direction: attachments.Outbound, Status: attachments.StatusStored,
				Kind: attachments.KindDocument, FileName: "theirs.pdf", ContentType: "application/pdf"},
			"org1|01JVOICE000000000000000000": {ID: "01JVOICE000000000000000000", OrgID: "org1", Status: attachments.StatusStored,
				Kind: attachments.KindAudio, FileName: "note.ogg", ContentType: "audio/ogg"},
			"org1|01JREFUSED0000000000000000": {ID: "01JREFUSED0000000000000000", OrgID: "org1", Status: attachments.StatusFailed,
				Kind: attachments.KindImage, FileName: "x.jpg", Reason: "file claims to be image/jpeg but its bytes are a Windows executable (PE)"},
		}}}
	w.api.Conversations = &memConversations{convs: map[string]messaging.Conversation{conv.ID: conv}}
	w.handovers.convs[conv.ID] = conv.OrgID
	w.api.Send.Reach, w.api.Send.Attachments, w.api.Send.Media, w.api.Send.CaseNotes = mw.reach, mw.atts, mw.media, mw.notes
	return mw
}

func (mw *mediaWorld) reply(body string) Request {
	r := req("POST", routeConvMessages, "/api/whatsapp/conversations/"+mw.conv.ID+"/messages", tokSender, body)
	r.PathParameters = map[string]string{"conversation_id": mw.conv.ID}
	return r
}

func TestReplyWithAttachmentAnswers(t *testing.T) {
	notFound := `{"success":false,"error":"Attachment not found"}`
	tests := []struct {
		name   string
		edit   func(*mediaWorld)
		body   string
		status int
		want   string
	}{
		{name: "another organisation's attachment is not found", body: `{"attachment_id":"` + foreignID + `"}`, status: 404, want: notFound},
		{name: "a missing attachment reads the same", body: `{"attachment_id":"` + missingID + `"}`, status: 404, want: notFound},
		{name: "outside the 24-hour window", body: `{"attachment_id":"` + pdfID + `"}`, status: 422,
			edit: func(mw *mediaWorld) {
				c := mw.conv
				c.LastInboundAt = t0.Add(-25 * time.Hour)
				mw.api.Conversations = &memConversations{convs: map[string]messaging.Conversation{c.ID: c}}
			},
			want: `{"success":false,"error":"` + messaging.MsgWindowClosed + `"}`},
		{name: "over the per-user rate limit", body: `{"attachment_id":"` + pdfID + `"}`, status: 429,
			edit: func(mw *mediaWorld) {
				mw.limiter.Decision = messaging.RateDecision{Allowed: false, Limit: 20, RetryAfter: 30 * time.Second, Reset: t0.Add(30 * time.Second)}
			},
			want: `{"success":false,"error":"Rate limit exceeded: you can send up to 20 messages per minute. Try again in 30 seconds."}`},
		{name: "held back by pair pacing", body: `{"attachment_id":"` + pdfID + `"}`, status: 429,
			edit: func(mw *mediaWorld) { mw.api.Send.PairPacer = holdPacer{wait: 6 * time.Second} },
			want: `{"success":false,"error":"Messages to this person are being paced. Try again in 6 seconds."}`},
		{name: "opted out", body: `{"attachment_id":"` + pdfID + `"}`, status: 422, edit: func(mw *mediaWorld) { mw.reach.optedOut = true },
			want: `{"success":false,"error":"` + messaging.MsgOptedOut + `"}`},
		{name: "refused attachment", body: `{"attachment_id":"01JREFUSED0000000000000000"}`, status: 422,
			want: `{"success":false,"error":"Attachment cannot be sent: file claims to be image/jpeg but its bytes are a Windows executable (PE)"}`},
		{name: "caption on audio", body: `{"attachment_id":"01JVOICE000000000000000000","caption":"listen"}`, status: 422,
			want: `{"success":false,"error":"Invalid parameter: caption (audio cannot carry a caption)"}`},
		{name: "caption without attachment", body: `{"text":"hi","caption":"x"}`, status: 400,
			want: `{"success":false,"error":"Invalid parameter: caption (only with attachment_id)"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mw := newMediaWorld()
			if tt.edit != nil {
				tt.edit(mw)
			}
			resp := mw.do(mw.reply(tt.body))
			if resp.StatusCode != tt.status || resp.Body != tt.want {
				t.Errorf("got %d %s, want %d %s", resp.StatusCode, resp.Body, tt.status, tt.want)
			}
			// Nothing reached the provider: no media upload (PrepareOutbound) and no send.
			if len(mw.media.sent) != 0 || len(mw.atts.prepared) != 0 || len(mw.reach.kept) != 0 {
				t.Errorf("sent %d, uploaded %v, kept %d: want nothing", len(mw.media.sent), mw.atts.prepared, len(mw.reach.kept))
			}
		})
	}
}

func TestReplyWithAttachmentSendsByMediaID(t *testing.T) {
	mw := newMediaWorld()
	resp := mw.do(mw.reply(`{"attachment_id":"` + pdfID + `","caption":"Signed copy"}`))
	want := `{"success":true,"data":{"message_id":"wamid.media1","status":"sent","recipient":"+447700900123","template":""},"message":"WhatsApp message sent successfully"}`
	if resp.StatusCode != 200 || resp.Body != want {
		t.Fatalf("got %d %s, want 200 %s", resp.StatusCode, resp.Body, want)
	}
	wantSend := []whatsapp.MediaSend{{To: "+447700900123", Kind: attachments.KindDocument, MediaID: "media-" + pdfID, Caption: "Signed copy",
		FileName: "contract.pdf", CallbackData: "v1|org1|1050|01MSG1"}}
	if diff := cmp.Diff(wantSend, mw.media.sent); diff != "" {
		t.Errorf("provider sends (-want +got):\n%s", diff)
	}
	if len(mw.reach.kept) != 1 {
		t.Fatalf("conversation messages kept: got %d, want 1", len(mw.reach.kept))
	}
	kept := mw.reach.kept[0]
	wantRef := &messaging.MediaRef{ID: "media-" + pdfID, MimeType: "application/pdf", Caption: "Signed copy", Filename: "contract.pdf", AttachmentID: pdfID}
	if diff := cmp.Diff(wantRef, kept.Media); diff != "" || kept.Direction != messaging.DirectionOutbound || kept.Type != "document" || kept.ProviderMessage != "wamid.media1" {
		t.Errorf("kept %+v; media (-want +got):\n%s", kept, diff)
	}
	if len(mw.notes.Sent()) != 0 {
		t.Errorf("case-note queue: got %d events, want 0 (the reply writes its note itself)", len(mw.notes.Sent()))
	}
	notes := mw.store.Notes("org1")
	if len(notes) != 1 {
		t.Fatalf("case notes written: got %d, want 1", len(notes))
	}
	n := notes[0]
	if n.JobID != 1050 || n.AttachmentCount != 1 || n.Text != "Document sent: contract.pdf - Signed copy" || n.ProviderMessage != "wamid.media1" || n.Direction != "outbound" {
		t.Errorf("case note: got %+v", n)
	}
}

// TestReplyWithAttachmentSendsByLinkOnTwilio: a Twilio organisation's reply carries the
// prepared presigned URL as the send's Link (no media id), and the URL is not kept in the
// conversation, which refers to the attachment instead.
func TestReplyWithAttachmentSendsByLinkOnTwilio(t *testing.T) {
	mw := newMediaWorld()
	mw.store.putSettings(messaging.Settings{OrgID: "org1", Provider: messaging.ProviderTwilio, APIURL: "https://api.twilio.com",
		PhoneNumberID: "1055", APITokenSet: true, APITokenLast4: "WXYZ", TokenProvider: messaging.ProviderTwilio, TokenURL: "https://api.twilio.com"})
	resp := mw.do(mw.reply(`{"attachment_id":"` + pdfID + `","caption":"Signed copy"}`))
	if resp.StatusCode != 200 {
		t.Fatalf("got %d %s, want 200", resp.StatusCode, resp.Body)
	}
	wantSend := []whatsapp.MediaSend{{To: "+447700900123", Kind: attachments.KindDocument, Link: "media-" + pdfID, Caption: "Signed copy",
		FileName: "contract.pdf", CallbackData: "v1|org1|1050|01MSG1"}}
	if diff := cmp.Diff(wantSend, mw.media.sent); diff != "" {
		t.Errorf("provider sends (-want +got):\n%s", diff)
	}
	if len(mw.reach.kept) != 1 {
		t.Fatalf("conversation messages kept: got %d, want 1", len(mw.reach.kept))
	}
	wantRef := &messaging.MediaRef{MimeType: "application/pdf", Caption: "Signed copy", Filename: "contract.pdf", AttachmentID: pdfID}
	if diff := cmp.Diff(wantRef, mw.reach.kept[0].Media); diff != "" {
		t.Errorf("kept media (-want +got):\n%s", diff)
	}
}
