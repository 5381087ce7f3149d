package simulator

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

func TestInject(t *testing.T) {
	tests := []struct {
		name string
		in   Inbound
		want whatsapp.InboundMessage // compared without ID, Timestamp and Raw
	}{
		{name: "text", in: Inbound{From: "+447700900123", ProfileName: "Sam", Text: "The tap is still leaking"},
			want: whatsapp.InboundMessage{From: "447700900123", ProfileName: "Sam", Type: whatsapp.TypeText, Text: "The tap is still leaking"}},
		{name: "STOP", in: Inbound{From: "447700900123", Text: "STOP"},
			want: whatsapp.InboundMessage{From: "447700900123", ProfileName: "WhatsApp User", Type: whatsapp.TypeText, Text: "STOP"}},
		{name: "image with caption", in: Inbound{From: "447700900123", Media: &InboundMedia{ID: "839274651029384", MimeType: "image/jpeg", Caption: "the leak"}},
			want: whatsapp.InboundMessage{From: "447700900123", ProfileName: "WhatsApp User", Type: whatsapp.TypeImage,
				Media: &whatsapp.Media{ID: "839274651029384", MimeType: "image/jpeg", Caption: "the leak"}}},
		{name: "document", in: Inbound{From: "447700900123", Type: "document", Media: &InboundMedia{ID: "1", MimeType: "application/pdf", Filename: "invoice.pdf"}},
			want: whatsapp.InboundMessage{From: "447700900123", ProfileName: "WhatsApp User", Type: whatsapp.TypeDocument,
				Media: &whatsapp.Media{ID: "1", MimeType: "application/pdf", Filename: "invoice.pdf"}}},
		{name: "location", in: Inbound{From: "447700900123", Location: &InboundLocation{Latitude: 51.45, Longitude: -2.59, Name: "Flat 1"}},
			want: whatsapp.InboundMessage{From: "447700900123", ProfileName: "WhatsApp User", Type: whatsapp.TypeLocation,
				Location: &whatsapp.Location{Latitude: 51.45, Longitude: -2.59, Name: "Flat 1"}}},
		{name: "reaction", in: Inbound{From: "447700900123", Reaction: &InboundReaction{MessageID: "wamid.X", Emoji: "👍"}},
			want: whatsapp.InboundMessage{From: "447700900123", ProfileName: "WhatsApp User", Type: whatsapp.TypeReaction,
				Reaction: &whatsapp.Reaction{MessageID: "wamid.X", Emoji: "👍"}}},
		{name: "template button", in: Inbound{From: "447700900123", Button: &InboundButton{Payload: "CONFIRM", Text: "Confirm"}, ReplyTo: "wamid.Y"},
			want: whatsapp.InboundMessage{From: "447700900123", ProfileName: "WhatsApp User", Type: whatsapp.TypeButton, Text: "Confirm",
				Interactive: &whatsapp.Reply{Kind: whatsapp.ReplyQuickButton, ID: "CONFIRM", Title: "Confirm"},
				Context:     &whatsapp.MessageContext{From: DefaultDisplayPhoneNumber, MessageID: "wamid.Y"}}},
		{name: "list reply", in: Inbound{From: "447700900123", Interactive: &InboundInteractive{Type: "list_reply", ID: "slot-2", Title: "Tue AM"}},
			want: whatsapp.InboundMessage{From: "447700900123", ProfileName: "WhatsApp User", Type: whatsapp.TypeInteractive, Text: "Tue AM",
				Interactive: &whatsapp.Reply{Kind: whatsapp.ReplyList, ID: "slot-2", Title: "Tue AM"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, rc := newHooked(t)
			res, err := s.Inject(context.Background(), tt.in)
			if err != nil || !cmp.Equal(res.HTTPStatuses, []int{200}) {
				t.Fatalf("Inject = %+v, %v; want one 200", res, err)
			}
			evs := rc.events(t, testAppSecret)
			if len(evs) != 1 || evs[0].Message == nil {
				t.Fatalf("events = %+v, want one message", evs)
			}
			got := *evs[0].Message
			if got.ID != res.WAMID || got.Timestamp.IsZero() || evs[0].PhoneNumberID != DefaultAccount.PhoneNumberID {
				t.Errorf("id %s at %v on %s, want %s now on the default number", got.ID, got.Timestamp, evs[0].PhoneNumberID, res.WAMID)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(whatsapp.InboundMessage{}, "ID", "Timestamp", "Raw")); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInjectRefusals(t *testing.T) {
	s, rc := newHooked(t)
	for _, in := range []Inbound{
		{From: "not-a-number", Text: "x"},
		{From: "447700900123"},
		{From: "447700900123", Type: "location", Media: &InboundMedia{ID: "1"}},
		{From: "447700900123", Interactive: &InboundInteractive{Type: "nfm"}},
		{From: "447700900123", Text: "x", PhoneNumberID: "999"},
	} {
		if _, err := s.Inject(context.Background(), in); err == nil {
			t.Errorf("Inject(%+v): want an error", in)
		}
	}
	if len(rc.bodies) != 0 {
		t.Errorf("delivered %d webhooks, want 0", len(rc.bodies))
	}
}

func TestControlInbound(t *testing.T) {
	s, rc := newHooked(t)
	h := s.Handler()
	a := call(t, h, "POST", "/_sim/inbound", nil, `{"from":"+447700900123","profile_name":"Sam","text":"hi","times":3}`)
	if a.Status != 200 || a.Body["wamid"] == "" || len(a.Body["http_statuses"].([]any)) != 3 {
		t.Fatalf("got %d %s, want 200 with a wamid and 3 answers", a.Status, a.Raw)
	}
	evs := rc.events(t, testAppSecret)
	if len(evs) != 3 || evs[0].DedupeKey() != evs[2].DedupeKey() {
		t.Errorf("got %d events, want 3 duplicates", len(evs))
	}
	bad := call(t, h, "POST", "/_sim/inbound", nil, `{"from":"447700900123","text":"hi","bad_signature":true}`)
	if bad.Status != 200 || len(rc.bodies) != 4 || rc.sigs[3] == rc.sigs[0] {
		t.Errorf("bad signature: got %d %s", bad.Status, bad.Raw)
	}
	if a := call(t, h, "POST", "/_sim/inbound", nil, `{"from":"447700900123"}`); a.Status != 400 {
		t.Errorf("no text: got %d, want 400", a.Status)
	}
	if a := call(t, h, "POST", "/_sim/status-scripts", nil, `{"to":"447700900123","code":131026}`); a.Status != 201 {
		t.Errorf("status script: got %d %s, want 201", a.Status, a.Raw)
	}
	if a := call(t, h, "POST", "/_sim/statuses", nil, `{"wamid":"wamid.nope","status":"read"}`); a.Status != 400 {
		t.Errorf("status of unknown wamid: got %d %s, want 400", a.Status, a.Raw)
	}
	if a := call(t, h, "GET", "/_sim/webhooks", nil, ""); a.Status != 200 || len(a.Raw) < 10 {
		t.Errorf("webhooks: got %d %s", a.Status, a.Raw)
	}
	nohook := New(Options{}).Handler()
	if a := call(t, nohook, "POST", "/_sim/inbound", nil, `{"from":"447700900123","text":"hi"}`); a.Status != 409 {
		t.Errorf("no webhook URL: got %d, want 409", a.Status)
	}
	other := httptest.NewServer(&receiver{})
	defer other.Close()
	if a := call(t, h, "PUT", "/_sim/webhook-url", nil, `{"url":"`+other.URL+`"}`); a.Status != 204 {
		t.Errorf("set webhook URL: got %d", a.Status)
	}
}

func TestInboundWebhook(t *testing.T) {
	s, rc := newHooked(t)
	id, body, sig, err := s.InboundWebhook(Inbound{From: "447700900123", Text: "hi"})
	if err != nil || meta.VerifySignature([]byte(testAppSecret), body, sig) != nil {
		t.Fatalf("InboundWebhook = %s, %v; want a body signed with the app secret", id, err)
	}
	p, err := meta.ParseWebhook(body)
	if err != nil || len(p.Events) != 1 || p.Events[0].Message.ID != id {
		t.Errorf("parsed %+v, %v; want message %s", p.Events, err, id)
	}
	if _, _, bad, _ := s.InboundWebhook(Inbound{From: "447700900123", Text: "hi", WebhookOptions: WebhookOptions{BadSignature: true}}); bad == sig {
		t.Error("bad signature equals the good one")
	}
	if len(rc.bodies) != 0 {
		t.Errorf("InboundWebhook posted %d webhooks, want 0", len(rc.bodies))
	}
}
