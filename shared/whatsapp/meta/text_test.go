package meta

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

func TestSendTextBodies(t *testing.T) {
	tests := []struct {
		name, provider, text, callback, wantPath string
	}{
		{"text_meta", messaging.ProviderMeta, "Thanks, a plumber will call you today.", "v1|org-1|1050|01J0000000000000000000000", "/v21.0/106540352242922/messages"},
		{"text_dialog360", messaging.ProviderDialog360, "Line one\nline two: <b>&amp;</b> https://example.com", "", "/messages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, srv := mustServe(t, 200, accepted)
			acct := whatsapp.Account{Provider: tt.provider, BaseURL: srv.URL, Token: "tok-secret", PhoneNumberID: "106540352242922"}
			id, err := New(srv.Client(), "v21.0").SendText(context.Background(), acct, "+447700900123", tt.text, tt.callback)
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

func TestSendTextOutsideWindow(t *testing.T) {
	_, srv := mustServe(t, 400, `{"error":{"message":"Re-engagement message","type":"OAuthException","code":131047,"error_data":{"details":"More than 24 hours have passed"}}}`)
	acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "t", PhoneNumberID: "1"}
	_, err := New(srv.Client(), "").SendText(context.Background(), acct, "+447700900123", "hi", "")
	if got, want := whatsapp.Classify(err), whatsapp.Permanent; got != want {
		t.Fatalf("class: got %v, want %v (err %v)", got, want, err)
	}
}
