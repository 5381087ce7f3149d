package simulator_test

import (
	"context"
	"errors"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// TestVerifyNumberAgainstSimulator holds meta.Client.VerifyNumber to the provider's answers:
// its own number and account are confirmed, another's are not.
func TestVerifyNumberAgainstSimulator(t *testing.T) {
	const otherPhone, otherWABA = "301122334455667", "209876543210987"
	tests := []struct {
		name     string
		provider string
		change   func(a *whatsapp.Account)
		want     string // "ok", "not_owned" or "refused" (a provider error)
	}{
		{"meta: own number in own WABA", messaging.ProviderMeta, func(*whatsapp.Account) {}, "ok"},
		{"meta: own number without a WABA", messaging.ProviderMeta, func(a *whatsapp.Account) { a.WABAID = "" }, "ok"},
		{"meta: another number in own WABA", messaging.ProviderMeta, func(a *whatsapp.Account) { a.PhoneNumberID = otherPhone }, "not_owned"},
		{"meta: another's WABA", messaging.ProviderMeta, func(a *whatsapp.Account) { a.WABAID = otherWABA }, "refused"},
		{"meta: another's number without a WABA", messaging.ProviderMeta, func(a *whatsapp.Account) { a.PhoneNumberID, a.WABAID = otherPhone, "" }, "refused"},
		{"meta: a token the provider does not know", messaging.ProviderMeta, func(a *whatsapp.Account) { a.Token = "stolen" }, "refused"},
		{"360dialog: own key", messaging.ProviderDialog360, func(*whatsapp.Account) {}, "ok"},
		{"360dialog: another number", messaging.ProviderDialog360, func(a *whatsapp.Account) { a.PhoneNumberID = otherPhone }, "not_owned"},
		{"360dialog: another WABA", messaging.ProviderDialog360, func(a *whatsapp.Account) { a.WABAID = otherWABA }, "not_owned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv, acct := startSim(t, tt.provider)
			tt.change(&acct)
			err := meta.New(srv.Client(), "v21.0").VerifyNumber(context.Background(), acct)
			var pe *whatsapp.Error
			got := "refused"
			switch {
			case err == nil:
				got = "ok"
			case errors.Is(err, whatsapp.ErrNotOwned):
				got = "not_owned"
			case !errors.As(err, &pe):
				t.Fatalf("got %v, want nil, ErrNotOwned or a provider error", err)
			}
			if got != tt.want {
				t.Errorf("got %s (%v), want %s", got, err, tt.want)
			}
		})
	}
}
