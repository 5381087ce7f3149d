package whatsapp

import (
	"testing"

	"github.com/proplink/chat/shared/messaging"
)

func TestAccountOf(t *testing.T) {
	bound := messaging.Settings{OrgID: "o1", Provider: messaging.ProviderMeta, APIURL: "https://graph.facebook.com",
		PhoneNumberID: "1", WABAID: "2", TokenProvider: messaging.ProviderMeta, TokenURL: "https://graph.facebook.com"}
	tests := []struct {
		name   string
		change func(*messaging.Settings)
		ok     bool
	}{
		{"token entered for these settings", func(*messaging.Settings) {}, true},
		{"api url changed without the token", func(s *messaging.Settings) { s.APIURL = "https://evil.example" }, false},
		{"provider changed without the token", func(s *messaging.Settings) { s.Provider = messaging.ProviderDialog360 }, false},
		{"token never bound", func(s *messaging.Settings) { s.TokenURL, s.TokenProvider = "", "" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := bound
			tt.change(&st)
			acct, err := AccountOf(st, "EAAtoken")
			if !tt.ok {
				if code := messaging.ErrorCode(err); code != messaging.CodeNotConfigured {
					t.Fatalf("got %+v, %v; want a not-configured refusal", acct, err)
				}
				return
			}
			if err != nil || acct.BaseURL != "https://graph.facebook.com" || acct.Token != "EAAtoken" || acct.PhoneNumberID != "1" || acct.WABAID != "2" {
				t.Errorf("got %+v, %v", acct, err)
			}
		})
	}
}
