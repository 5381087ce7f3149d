package simulator

import (
	"context"
	"encoding/json"

	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// buttonsBody is an interactive reply-button send to to with body and buttons (id=title pairs).
func buttonsBody(to, body string, buttons ...[2]string) string {
	var bs []map[string]any
	for _, b := range buttons {
		bs = append(bs, map[string]any{"type": "reply", "reply": map[string]string{"id": b[0], "title": b[1]}})
	}
	out, _ := json.Marshal(map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
		"type": "interactive", "interactive": map[string]any{"type": "button", "body": map[string]string{"text": body},
			"action": map[string]any{"buttons": bs}}})
	return string(out)
}

func TestInteractiveSendValidated(t *testing.T) {
	yes, no := [2]string{"yes", "Yes"}, [2]string{"no", "No"}
	tests := []struct {
		name     string
		body     string
		wantCode int // 0: accepted
	}{
		{"two_buttons", buttonsBody("447700900123", "Raise the ticket?", yes, no), 0},
		{"three_buttons", buttonsBody("447700900123", "Which?", yes, no, [2]string{"maybe", strings.Repeat("é", 20)}), 0},
		{"four_buttons", buttonsBody("447700900123", "Which?", yes, no, [2]string{"a", "A"}, [2]string{"b", "B"}), 131009},
		{"no_buttons", buttonsBody("447700900123", "Which?"), 131009},
		{"long_title", buttonsBody("447700900123", "Which?", [2]string{"x", strings.Repeat("x", 21)}), 131009},
		{"long_id", buttonsBody("447700900123", "Which?", [2]string{strings.Repeat("i", 257), "x"}), 131009},
		{"duplicate_id", buttonsBody("447700900123", "Which?", yes, [2]string{"yes", "Sure"}), 131009},
		{"long_body", buttonsBody("447700900123", strings.Repeat("b", 1025), yes), 131009},
		{"empty_body", buttonsBody("447700900123", " ", yes), 131008},
		{"list_type", `{"messaging_product":"whatsapp","to":"447700900123","type":"interactive","interactive":{"type":"list","body":{"text":"x"}}}`, 100},
		{"missing_interactive", `{"messaging_product":"whatsapp","to":"447700900123","type":"interactive"}`, 131008},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{})
			a := call(t, s.Handler(), "POST", sendPath, bearer, tt.body)
			if got := a.errorCode(); got != tt.wantCode {
				t.Fatalf("code: got %d, want %d (%d %s)", got, tt.wantCode, a.Status, a.Raw)
			}
			if want := map[bool]int{true: 1, false: 0}[tt.wantCode == 0]; len(s.Sent()) != want {
				t.Errorf("recorded sends: got %d, want %d", len(s.Sent()), want)
			}
		})
	}
}

func TestInteractiveSendRecordedFromAdapter(t *testing.T) {
	for _, provider := range []string{messaging.ProviderMeta, messaging.ProviderDialog360} {
		t.Run(provider, func(t *testing.T) {
			s := New(Options{})
			srv := httptest.NewServer(s.Handler())
			t.Cleanup(srv.Close)
			acct := whatsapp.Account{Provider: provider, BaseURL: srv.URL, Token: DefaultAccount.Token, PhoneNumberID: DefaultAccount.PhoneNumberID}
			msg := whatsapp.ButtonsSend{To: "+447700900123", Body: "Mark WO-1042 complete?",
				Buttons: []whatsapp.Button{{ID: "confirm:yes", Title: "Yes"}, {ID: "confirm:no", Title: "No"}}}
			id, err := meta.New(srv.Client(), "v21.0").SendButtons(context.Background(), acct, msg)
			if err != nil {
				t.Fatalf("send: %v", err)
			}
			sent := s.Sent()
			if len(sent) != 1 || sent[0].WAMID != id {
				t.Fatalf("sent: got %+v, want one with wamid %s", sent, id)
			}
			want := []SentButton{{ID: "confirm:yes", Title: "Yes"}, {ID: "confirm:no", Title: "No"}}
			if diff := cmp.Diff(want, sent[0].Buttons()); diff != "" {
				t.Errorf("buttons (-want +got):\n%s", diff)
			}
			if got, want := sent[0].Body(), msg.Body; got != want {
				t.Errorf("body: got %q, want %q", got, want)
			}
		})
	}
}

func TestInjectButtonReplies(t *testing.T) {
	tests := []struct {
		name   string
		inject func(s *Simulator) (string, error)
		want   whatsapp.Reply
		typ    string
	}{
		{"interactive button_reply", func(s *Simulator) (string, error) {
			return s.InjectButtonReply("+447700900123", "Sam", "confirm:yes", "Yes", "wamid.ASKED")
		}, whatsapp.Reply{Kind: whatsapp.ReplyButton, ID: "confirm:yes", Title: "Yes"}, whatsapp.TypeInteractive},
		{"template quick reply", func(s *Simulator) (string, error) {
			return s.InjectQuickReply("447700900123", "Sam", "wo:accept:WO-1042", "Accept", "wamid.ASKED")
		}, whatsapp.Reply{Kind: whatsapp.ReplyQuickButton, ID: "wo:accept:WO-1042", Title: "Accept"}, whatsapp.TypeButton},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, rc := newHooked(t)
			id, err := tt.inject(s)
			if err != nil {
				t.Fatal(err)
			}
			evs := rc.events(t, testAppSecret)
			if len(evs) != 1 || evs[0].Message == nil {
				t.Fatalf("events: got %+v, want one message", evs)
			}
			m := evs[0].Message
			if m.ID != id || m.Type != tt.typ || m.Text != tt.want.Title {
				t.Errorf("message: got id %s type %s text %q, want %s %s %q", m.ID, m.Type, m.Text, id, tt.typ, tt.want.Title)
			}
			if m.Interactive == nil || *m.Interactive != tt.want {
				t.Errorf("reply: got %+v, want %+v", m.Interactive, tt.want)
			}
			if m.Context == nil || m.Context.MessageID != "wamid.ASKED" {
				t.Errorf("context: got %+v, want the asked message", m.Context)
			}
		})
	}
}
