package whatsapp

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
)

// secretMap is a secret store in memory that counts its reads.
type secretMap struct {
	m     map[string]string
	reads *int
}

func (s secretMap) Get(_ context.Context, name string) (string, error) {
	*s.reads++
	v, ok := s.m[name]
	if !ok {
		return "", messaging.Errorf(messaging.CodeNotConfigured, "no secret %s", name)
	}
	return v, nil
}

// TestLoadAccount: every provider's account is built from its settings and the token of the
// settings' secrets revision, as each provider's adapter expects it.
func TestLoadAccount(t *testing.T) {
	bound := func(provider, url string) messaging.Settings {
		return messaging.Settings{OrgID: "o1", Provider: provider, APIURL: url, PhoneNumberID: "106540352242922", WABAID: "102290129340398",
			APITokenSet: true, SecretsRev: "r7", TokenProvider: provider, TokenURL: url}
	}
	secrets := map[string]string{"orgs/o1/whatsapp/r7/api_token": "tok-r7", "orgs/o1/whatsapp/api_token": "tok-old"}
	tests := []struct {
		name      string
		st        messaging.Settings
		want      Account
		wantReads int
	}{
		{"meta", bound(messaging.ProviderMeta, "https://graph.facebook.com/"), Account{Provider: messaging.ProviderMeta,
			BaseURL: "https://graph.facebook.com", Token: "tok-r7", PhoneNumberID: "106540352242922", WABAID: "102290129340398"}, 1},
		{"360dialog", bound(messaging.ProviderDialog360, "https://waba-v2.360dialog.io"), Account{Provider: messaging.ProviderDialog360,
			BaseURL: "https://waba-v2.360dialog.io", Token: "tok-r7", PhoneNumberID: "106540352242922", WABAID: "102290129340398"}, 1},
		{"twilio", func() messaging.Settings {
			st := bound(messaging.ProviderTwilio, "https://api.twilio.com")
			st.PhoneNumberID, st.WABAID = "447700900555", ""
			return st
		}(), Account{Provider: messaging.ProviderTwilio, BaseURL: "https://api.twilio.com", Token: "tok-r7", PhoneNumberID: "447700900555"}, 1},
		{"aws-social reads no token", messaging.Settings{OrgID: "o1", Provider: messaging.ProviderAWSSocial,
			PhoneNumberID: "arn:aws:social-messaging:eu-west-2:123456789012:phone-number-id/abc", WABAID: "arn:aws:social-messaging:eu-west-2:123456789012:waba/def"},
			Account{Provider: messaging.ProviderAWSSocial, PhoneNumberID: "arn:aws:social-messaging:eu-west-2:123456789012:phone-number-id/abc",
				WABAID: "arn:aws:social-messaging:eu-west-2:123456789012:waba/def"}, 0},
		{"before the first revision", func() messaging.Settings {
			st := bound(messaging.ProviderMeta, "https://graph.facebook.com")
			st.SecretsRev = ""
			return st
		}(), Account{Provider: messaging.ProviderMeta, BaseURL: "https://graph.facebook.com", Token: "tok-old",
			PhoneNumberID: "106540352242922", WABAID: "102290129340398"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reads := 0
			got, err := LoadAccount(context.Background(), secretMap{secrets, &reads}, tt.st)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("account (-want +got):\n%s", diff)
			}
			if reads != tt.wantReads {
				t.Errorf("secret reads: got %d, want %d", reads, tt.wantReads)
			}
		})
	}
}

// TestLoadAccountRefuses: a token entered for another provider or URL is never paired with the
// settings (and not even read); a failed read keeps the store's classification.
func TestLoadAccountRefuses(t *testing.T) {
	bound := messaging.Settings{OrgID: "o1", Provider: messaging.ProviderMeta, APIURL: "https://graph.facebook.com",
		PhoneNumberID: "1", WABAID: "2", TokenProvider: messaging.ProviderMeta, TokenURL: "https://graph.facebook.com"}
	tests := []struct {
		name   string
		change func(*messaging.Settings)
	}{
		{"api url changed without the token", func(s *messaging.Settings) { s.APIURL = "https://evil.example" }},
		{"provider changed without the token", func(s *messaging.Settings) { s.Provider = messaging.ProviderDialog360 }},
		{"twilio token entered for meta", func(s *messaging.Settings) { s.Provider = messaging.ProviderTwilio }},
		{"token never bound", func(s *messaging.Settings) { s.TokenURL, s.TokenProvider = "", "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := bound
			tt.change(&st)
			reads := 0
			acct, err := LoadAccount(context.Background(), secretMap{map[string]string{"orgs/o1/whatsapp/api_token": "EAAtoken"}, &reads}, st)
			if messaging.ErrorCode(err) != messaging.CodeNotConfigured || !errors.Is(err, ErrTokenNotBound) {
				t.Fatalf("got %+v, %v; want a not-configured refusal around ErrTokenNotBound", acct, err)
			}
			if reads != 0 {
				t.Errorf("secret reads: got %d, want 0", reads)
			}
		})
	}
	t.Run("secret missing", func(t *testing.T) {
		reads := 0
		_, err := LoadAccount(context.Background(), secretMap{map[string]string{}, &reads}, bound)
		if messaging.ErrorCode(err) != messaging.CodeNotConfigured || errors.Is(err, ErrTokenNotBound) {
			t.Errorf("got %v; want the store's not-configured error", err)
		}
	})
}
