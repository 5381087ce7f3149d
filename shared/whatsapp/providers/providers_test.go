package providers

import (
	"context"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// named is an adapter that answers its own name as the message id.
type named string

func (n named) SendTemplate(context.Context, whatsapp.Account, whatsapp.TemplateSend) (string, error) {
	return string(n), nil
}
func (n named) SendText(context.Context, whatsapp.Account, string, string, string) (string, error) {
	return string(n), nil
}
func (n named) SendButtons(context.Context, whatsapp.Account, whatsapp.ButtonsSend) (string, error) {
	return string(n), nil
}
func (n named) ListTemplates(context.Context, whatsapp.Account) ([]messaging.Template, error) {
	return []messaging.Template{{Name: string(n)}}, nil
}
func (n named) VerifyNumber(context.Context, whatsapp.Account) error { return nil }

func TestMux(t *testing.T) {
	m := Mux{Meta: named("meta"), Twilio: named("twilio"), Social: named("aws-social")}
	tests := []struct {
		provider, want string
	}{
		{messaging.ProviderMeta, "meta"},
		{messaging.ProviderDialog360, "meta"},
		{messaging.ProviderTwilio, "twilio"},
		{messaging.ProviderAWSSocial, "aws-social"},
	}
	for _, tt := range tests {
		t.Run(tt.provider, func(t *testing.T) {
			acct := whatsapp.Account{Provider: tt.provider}
			got, err := m.SendText(context.Background(), acct, "+1", "hi", "")
			if err != nil || got != tt.want {
				t.Errorf("send text: got %q, %v; want %q", got, err, tt.want)
			}
			if got, _ := m.SendTemplate(context.Background(), acct, whatsapp.TemplateSend{}); got != tt.want {
				t.Errorf("send template: got %q, want %q", got, tt.want)
			}
			if got, _ := m.ListTemplates(context.Background(), acct); len(got) != 1 || got[0].Name != tt.want {
				t.Errorf("list: got %v, want %q", got, tt.want)
			}
		})
	}
	t.Run("unknown provider", func(t *testing.T) {
		if _, err := m.SendText(context.Background(), whatsapp.Account{Provider: "sinch"}, "+1", "hi", ""); err == nil {
			t.Error("send through an unknown provider: got no error")
		}
	})
	t.Run("aws social not wired", func(t *testing.T) {
		if _, err := (Mux{Meta: named("meta")}).SendText(context.Background(), whatsapp.Account{Provider: messaging.ProviderAWSSocial}, "+1", "hi", ""); err == nil {
			t.Error("send through an unwired adapter: got no error")
		}
	})
	t.Run("twilio not wired", func(t *testing.T) {
		if err := (Mux{Meta: named("meta")}).VerifyNumber(context.Background(), whatsapp.Account{Provider: messaging.ProviderTwilio}); err == nil {
			t.Error("verify through an unwired adapter: got no error")
		}
	})
}
