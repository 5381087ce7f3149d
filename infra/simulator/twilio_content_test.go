package simulator

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

// TestTwilioQuickReply: SendButtons creates one quick-reply Content item, a cold client finds it
// by name instead of creating another, the send is recorded as the reply buttons WhatsApp shows,
// and a person's tap comes back signed as ButtonPayload/ButtonText, parsed as Meta's
// interactive button_reply.
func TestTwilioQuickReply(t *testing.T) {
	sim, acct, rc := startTwilioSim(t)
	sim.hooks.statusDelay = -1
	ctx := context.Background()
	msg := whatsapp.ButtonsSend{To: "+447700900123", Body: "Book Tuesday 9-12?", CallbackData: "v1|org|m9",
		Buttons: []whatsapp.Button{{ID: "confirm|j1", Title: "Yes"}, {ID: "cancel|j1", Title: "No"}}}
	var sids []string
	for range 2 { // a warm client, then a cold one
		sid, err := twilio.New(http.DefaultClient, twilio.StatusCallbackURL(simTwilioPublic)).SendButtons(ctx, acct, msg)
		if err != nil {
			t.Fatalf("send buttons: %v", err)
		}
		sids = append(sids, sid)
	}
	if got := sim.TwilioContents(); len(got) != 1 || got[0].FriendlyName != twilio.QuickReplyName(msg.Buttons) {
		t.Fatalf("content items: got %+v, want one named %s", got, twilio.QuickReplyName(msg.Buttons))
	}
	sent := sim.Sent()
	if got, want := len(sent), 2; got != want {
		t.Fatalf("sends: got %d, want %d", got, want)
	}
	last := sent[1]
	want := []SentButton{{ID: "pl:confirm|j1", Title: "Yes"}, {ID: "pl:cancel|j1", Title: "No"}}
	if got := last.Buttons(); !slices.Equal(got, want) || last.Body() != msg.Body || last.CallbackData != "v1|org|m9" || last.WAMID != sids[1] {
		t.Errorf("recorded send: got %+v (buttons %+v), want body %q, buttons %+v", last, got, msg.Body, want)
	}
	if _, code, err := sim.InjectTwilio(ctx, TwilioInbound{PhoneNumberID: "447700900777", From: "+447700900123",
		ButtonPayload: want[0].ID, ButtonText: want[0].Title, RepliedTo: sids[1]}); err != nil || code != 200 {
		t.Fatalf("inject tap: %d, %v", code, err)
	}
	forms, valid := rc.got()
	if len(forms) != 1 || !valid[0] {
		t.Fatalf("deliveries: %d, signatures valid %v; want one, valid", len(forms), valid)
	}
	ev, err := twilio.ParseWebhook(forms[0], "", time.Now())
	if err != nil || ev.Message == nil {
		t.Fatalf("parse tap: %+v, %v", ev, err)
	}
	m := ev.Message
	if m.Type != whatsapp.TypeInteractive || m.Interactive == nil || *m.Interactive != (whatsapp.Reply{Kind: whatsapp.ReplyButton, ID: "confirm|j1", Title: "Yes"}) ||
		m.Context == nil || m.Context.MessageID != sids[1] {
		t.Errorf("tap: got %+v (reply %+v), want an interactive button_reply confirm|j1 answering %s", m, m.Interactive, sids[1])
	}
}

func TestTwilioContentRefusals(t *testing.T) {
	sim, acct, _ := startTwilioSim(t)
	tests := []struct {
		name, body string
		status     int
	}{
		{"title over 20 characters", `{"friendly_name":"x","language":"en","types":{"twilio/quick-reply":{"body":"{{1}}","actions":[{"title":"` + strings.Repeat("t", 21) + `","id":"a"}]}}}`, 400},
		{"id over 200 characters", `{"friendly_name":"x","language":"en","types":{"twilio/quick-reply":{"body":"{{1}}","actions":[{"title":"t","id":"` + strings.Repeat("i", 201) + `"}]}}}`, 400},
		{"no actions", `{"friendly_name":"x","language":"en","types":{"twilio/quick-reply":{"body":"{{1}}","actions":[]}}}`, 400},
		{"another type", `{"friendly_name":"x","language":"en","types":{"twilio/text":{"body":"hi"}}}`, 400},
		{"a valid item", `{"friendly_name":"x","language":"en","types":{"twilio/quick-reply":{"body":"{{1}}","actions":[{"title":"t","id":"a"}]}}}`, 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", acct.BaseURL+"/v1/Content", bytes.NewReader([]byte(tt.body)))
			req.Header.Set("Content-Type", "application/json")
			req.SetBasicAuth(simTwilioSID, simTwilioToken)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.StatusCode; got != tt.status {
				t.Errorf("status: got %d, want %d", got, tt.status)
			}
		})
	}
	if got := len(sim.TwilioContents()); got != 1 {
		t.Errorf("items kept: got %d, want 1", got)
	}
	t.Run("a send without the body variable", func(t *testing.T) {
		form := "To=whatsapp%3A%2B447700900123&From=whatsapp%3A%2B447700900777&ContentSid=" + sim.TwilioContents()[0].SID
		req, _ := http.NewRequest("POST", acct.BaseURL+"/2010-04-01/Accounts/"+simTwilioSID+"/Messages.json", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(simTwilioSID, simTwilioToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if pe := twilio.ParseError(resp.StatusCode, resp.Header, b); pe.Code != 21656 || resp.StatusCode != 400 {
			t.Errorf("error: got %+v, want 21656", pe)
		}
	})
}
