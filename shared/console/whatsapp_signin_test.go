package console

import (
	"context"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

type fakeStaffLinks map[string]assistant.StaffLink // by org|e164

func (f fakeStaffLinks) LinkedStaff(_ context.Context, org, e164 string) (assistant.StaffLink, error) {
	if l, ok := f[org+"|"+e164]; ok {
		return l, nil
	}
	return assistant.StaffLink{}, messaging.Errorf(messaging.CodeNotFound, "not linked")
}

type sentText struct{ to, text string }

type fakeTexter struct{ sent []sentText }

func (f *fakeTexter) SendText(_ context.Context, _ whatsapp.Account, to, text, _ string) (string, error) {
	f.sent = append(f.sent, sentText{to, text})
	return "wamid.x", nil
}

type fakeLimit struct{ left int }

func (f *fakeLimit) Allow(context.Context, string, time.Time) (messaging.RateDecision, error) {
	f.left--
	return messaging.RateDecision{Allowed: f.left >= 0}, nil
}

var linkRE = regexp.MustCompile(`https://console\.example/console/sign-in\?code=(\S+)`)

func TestWhatsAppSignIn(t *testing.T) {
	const staffPhone = "+447700900555"
	open := messaging.Conversation{ID: messaging.ConversationID("demo", "1055", staffPhone), LastInboundAt: t0.Add(-time.Hour)}
	tests := []struct {
		name   string
		form   string
		conv   messaging.Conversation
		left   int
		status int
		sent   bool
	}{
		{"linked, inside the window", "org=demo&phone=%2B447700900555", open, 3, 200, true},
		{"number with spaces", "org=demo&phone=%2B44+7700+900555", open, 3, 200, true},
		{"not linked: the same answer, nothing sent", "org=demo&phone=%2B447700900556", open, 3, 200, false},
		{"another organisation: nothing sent", "org=rival&phone=%2B447700900555", open, 3, 200, false},
		{"window closed", "org=demo&phone=%2B447700900555", messaging.Conversation{ID: open.ID, LastInboundAt: t0.Add(-25 * time.Hour)}, 3, 200, false},
		{"opted out", "org=demo&phone=%2B447700900555", messaging.Conversation{ID: open.ID, LastInboundAt: t0.Add(-time.Hour), OptedOut: true}, 3, 200, false},
		{"too many requests", "org=demo&phone=%2B447700900555", open, 0, 429, false},
		{"not a number", "org=demo&phone=hello", open, 3, 400, false},
		{"no organisation", "phone=%2B447700900555", open, 3, 400, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, st, _ := newSessions()
			texter := &fakeTexter{}
			h := &Handler{Sessions: s, Store: st, Conversations: memConvs{}, API: &recordingAPI{}, Secure: true, Now: s.Now,
				WhatsApp: &WhatsAppSignIn{
					Links:         fakeStaffLinks{"demo|" + staffPhone: {OrgID: "demo", Phone: staffPhone, UserID: "u9", Name: "Lee", Permissions: []string{messaging.PermWhatsAppSend}}},
					Conversations: memConvs{convs: map[string][]messaging.Conversation{"demo": {tt.conv}}},
					Settings:      fakeSettings{}, Secrets: fakeSettings{}, Provider: texter, Limit: &fakeLimit{left: tt.left},
				}}
			w := &world{h: h}
			r := w.do(t, "POST", "/console/sign-in/whatsapp", tt.form, nil)
			if r.StatusCode != tt.status {
				t.Fatalf("got %d %s, want %d", r.StatusCode, r.Body, tt.status)
			}
			if got := len(texter.sent) == 1; got != tt.sent {
				t.Fatalf("sent %v, want sent %v", texter.sent, tt.sent)
			}
			if !tt.sent {
				return
			}
			if texter.sent[0].to != staffPhone {
				t.Errorf("sent to %s, want %s", texter.sent[0].to, staffPhone)
			}
			m := linkRE.FindStringSubmatch(texter.sent[0].text)
			if m == nil {
				t.Fatalf("text %q carries no sign-in link", texter.sent[0].text)
			}
			code, _ := url.QueryUnescape(m[1])
			_, sess, err := s.Redeem(context.Background(), code)
			if err != nil || sess.Principal.UserID != "u9" || sess.Principal.Name != "Lee" || !sess.Principal.Can(messaging.PermWhatsAppSend) {
				t.Errorf("the link signs in as %+v, %v; want the linked staff member u9", sess.Principal, err)
			}
		})
	}
}
