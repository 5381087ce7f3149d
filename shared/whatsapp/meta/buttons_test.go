package meta

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

func TestSendButtonsBodies(t *testing.T) {
	confirm := whatsapp.ButtonsSend{
		To: "+447700900123", Body: "Raise a ticket for \"leak under the sink\" at Flat 3, Riverside Court?",
		Buttons:      []whatsapp.Button{{ID: "confirm:yes", Title: "Yes"}, {ID: "confirm:no", Title: "No"}},
		CallbackData: "v1|org-1|0|01J0000000000000000000001",
	}
	three := whatsapp.ButtonsSend{To: "447700900123", Body: "Which one?", Buttons: []whatsapp.Button{
		{ID: "opt:1", Title: "Flat 3"}, {ID: "opt:2", Title: "Flat 3A"}, {ID: "opt:3", Title: "None of these"}}}
	tests := []struct {
		name, provider, wantPath string
		msg                      whatsapp.ButtonsSend
	}{
		{"buttons_meta", messaging.ProviderMeta, "/v21.0/106540352242922/messages", confirm},
		{"buttons_dialog360", messaging.ProviderDialog360, "/messages", three},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, srv := mustServe(t, 200, accepted)
			acct := whatsapp.Account{Provider: tt.provider, BaseURL: srv.URL, Token: "tok-secret", PhoneNumberID: "106540352242922"}
			id, err := New(srv.Client(), "v21.0").SendButtons(context.Background(), acct, tt.msg)
			if err != nil {
				t.Fatalf("send: %v", err)
			}
			if want := "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSQUJDREVGMTIzNDU2Nzg5MAA="; id != want {
				t.Errorf("id: got %q, want %q", id, want)
			}
			if len(rec.seen) != 1 {
				t.Fatalf("requests: got %d, want 1", len(rec.seen))
			}
			if got := rec.seen[0]; got.Method != "POST" || got.Path != tt.wantPath {
				t.Errorf("request: got %s %s, want POST %s", got.Method, got.Path, tt.wantPath)
			}
			checkGolden(t, filepath.Join("testdata", "golden", tt.name+".json"), rec.seen[0].Body)
		})
	}
}

func TestSendButtonsRefusedBeforeSending(t *testing.T) {
	ok := []whatsapp.Button{{ID: "y", Title: "Yes"}}
	tests := []struct {
		name string
		msg  whatsapp.ButtonsSend
		want string
	}{
		{"no_body", whatsapp.ButtonsSend{Body: " ", Buttons: ok}, "body text"},
		{"long_body", whatsapp.ButtonsSend{Body: strings.Repeat("é", whatsapp.MaxButtonsBodyLen+1), Buttons: ok}, "body text"},
		{"no_buttons", whatsapp.ButtonsSend{Body: "b"}, "1-3 reply buttons"},
		{"four_buttons", whatsapp.ButtonsSend{Body: "b", Buttons: []whatsapp.Button{{ID: "1", Title: "a"}, {ID: "2", Title: "b"}, {ID: "3", Title: "c"}, {ID: "4", Title: "d"}}}, "1-3 reply buttons"},
		{"long_title", whatsapp.ButtonsSend{Body: "b", Buttons: []whatsapp.Button{{ID: "1", Title: strings.Repeat("x", 21)}}}, "button 1: title"},
		{"empty_title", whatsapp.ButtonsSend{Body: "b", Buttons: []whatsapp.Button{{ID: "1", Title: ""}}}, "button 1: title"},
		{"long_id", whatsapp.ButtonsSend{Body: "b", Buttons: []whatsapp.Button{{ID: "1", Title: "a"}, {ID: strings.Repeat("i", 257), Title: "b"}}}, "button 2: id"},
		{"duplicate_id", whatsapp.ButtonsSend{Body: "b", Buttons: []whatsapp.Button{{ID: "1", Title: "a"}, {ID: "1", Title: "b"}}}, "used twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, srv := mustServe(t, 200, accepted)
			acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "t", PhoneNumberID: "1"}
			tt.msg.To = "+447700900123"
			_, err := New(srv.Client(), "").SendButtons(context.Background(), acct, tt.msg)
			if !errors.Is(err, whatsapp.ErrInvalidMessage) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error: got %v, want ErrInvalidMessage naming %q", err, tt.want)
			}
			if got, want := whatsapp.Classify(err), whatsapp.Permanent; got != want {
				t.Errorf("class: got %v, want %v", got, want)
			}
			if len(rec.seen) != 0 {
				t.Errorf("requests: got %d, want none", len(rec.seen))
			}
		})
	}
}

func TestSendButtonsLimitsAccepted(t *testing.T) {
	msg := whatsapp.ButtonsSend{To: "+447700900123", Body: strings.Repeat("é", whatsapp.MaxButtonsBodyLen), Buttons: []whatsapp.Button{
		{ID: strings.Repeat("i", whatsapp.MaxButtonIDLen), Title: strings.Repeat("é", whatsapp.MaxButtonTitleLen)}, {ID: "2", Title: "b"}, {ID: "3", Title: "c"}}}
	if err := msg.Validate(); err != nil {
		t.Fatalf("validate at the limits: %v", err)
	}
}
