package meta

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

func TestMarkRead(t *testing.T) {
	const wamid = "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSQUJDREVGMTIzNDU2Nzg5MAA="
	tests := []struct {
		name, provider, answer, wantPath string
		status                           int
		wantErr                          bool
	}{
		{"read_meta", messaging.ProviderMeta, `{"success":true}`, "/v21.0/106540352242922/messages", 200, false},
		{"read_dialog360", messaging.ProviderDialog360, `{"success":true}`, "/messages", 200, false},
		{"unconfirmed", messaging.ProviderMeta, `{"success":false}`, "/v21.0/106540352242922/messages", 200, true},
		{"refused", messaging.ProviderMeta, `{"error":{"message":"Invalid parameter","type":"OAuthException","code":100}}`, "/v21.0/106540352242922/messages", 400, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, srv := mustServe(t, tt.status, tt.answer)
			acct := whatsapp.Account{Provider: tt.provider, BaseURL: srv.URL, Token: "tok-secret", PhoneNumberID: "106540352242922"}
			err := New(srv.Client(), "v21.0").MarkRead(context.Background(), acct, wamid)
			if (err != nil) != tt.wantErr {
				t.Fatalf("MarkRead: %v, want error %v", err, tt.wantErr)
			}
			if len(rec.seen) != 1 || rec.seen[0].Method != "POST" || rec.seen[0].Path != tt.wantPath {
				t.Fatalf("requests: %+v, want one POST %s", rec.seen, tt.wantPath)
			}
			if !tt.wantErr {
				checkGolden(t, filepath.Join("testdata", "golden", tt.name+".json"), rec.seen[0].Body)
			}
		})
	}
	if _, err := ReadMessage(""); err == nil {
		t.Errorf("ReadMessage of no id: got no error")
	}
}
