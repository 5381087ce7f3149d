package providers

import (
	"context"
	"io"
	"strings"
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

// withMedia is a named adapter that also carries media.
type withMedia struct{ named }

func (w withMedia) MediaInfo(_ context.Context, _ whatsapp.Account, id string) (whatsapp.MediaInfo, error) {
	return whatsapp.MediaInfo{ID: id, URL: string(w.named)}, nil
}
func (w withMedia) Download(context.Context, whatsapp.Account, whatsapp.MediaInfo) (io.ReadCloser, int64, error) {
	return io.NopCloser(strings.NewReader(string(w.named))), int64(len(w.named)), nil
}
func (w withMedia) SendMedia(context.Context, whatsapp.Account, whatsapp.MediaSend) (string, error) {
	return string(w.named), nil
}

// TestMuxMedia: media calls go to the account's provider; an adapter without media is refused.
func TestMuxMedia(t *testing.T) {
	m := Mux{Meta: withMedia{"meta"}, Twilio: withMedia{"twilio"}}
	for _, tt := range []struct{ provider, want string }{
		{messaging.ProviderMeta, "meta"}, {messaging.ProviderDialog360, "meta"}, {messaging.ProviderTwilio, "twilio"},
	} {
		t.Run(tt.provider, func(t *testing.T) {
			acct := whatsapp.Account{Provider: tt.provider}
			if info, err := m.MediaInfo(context.Background(), acct, "1"); err != nil || info.URL != tt.want {
				t.Errorf("media info: got %q, %v; want %q", info.URL, err, tt.want)
			}
			body, _, err := m.Download(context.Background(), acct, whatsapp.MediaInfo{})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(body)
			if string(got) != tt.want {
				t.Errorf("download: got %q, want %q", got, tt.want)
			}
			if got, err := m.SendMedia(context.Background(), acct, whatsapp.MediaSend{}); err != nil || got != tt.want {
				t.Errorf("send media: got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	t.Run("adapter without media", func(t *testing.T) {
		if _, err := (Mux{Meta: named("meta")}).SendMedia(context.Background(), whatsapp.Account{}, whatsapp.MediaSend{}); err == nil {
			t.Error("send media through an adapter without media: got no error")
		}
	})
}

// uploading is an adapter that also uploads media, answering its name and the object key.
type uploading struct{ named }

func (u uploading) UploadMedia(_ context.Context, _ whatsapp.Account, m whatsapp.MediaUpload) (string, error) {
	return string(u.named) + ":" + m.Key, nil
}

func TestMuxUploadMedia(t *testing.T) {
	m := Mux{Meta: uploading{"meta"}, Twilio: named("twilio"), Social: uploading{"aws-social"}}
	tests := []struct {
		provider, want string
		wantErr        bool
	}{
		{messaging.ProviderMeta, "meta:orgs/o/k", false},
		{messaging.ProviderAWSSocial, "aws-social:orgs/o/k", false},
		{messaging.ProviderTwilio, "", true}, // sends media by link
	}
	for _, tt := range tests {
		t.Run(tt.provider, func(t *testing.T) {
			got, err := m.UploadMedia(context.Background(), whatsapp.Account{Provider: tt.provider}, whatsapp.MediaUpload{Key: "orgs/o/k"})
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("got %q, %v; want %q, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
