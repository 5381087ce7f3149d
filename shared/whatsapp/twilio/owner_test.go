package twilio

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/proplink/chat/shared/whatsapp"
)

func TestVerifyNumber(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   error // nil, ErrNotOwned, or any *whatsapp.Error (errProvider)
	}{
		{"listed", 200, `{"senders":[{"sid":"XE1","sender_id":"whatsapp:+15550000000"},{"sid":"XE2","sender_id":"whatsapp:+447700900001","status":"ONLINE"}],"meta":{"next_page_url":null}}`, nil},
		{"not listed", 200, `{"senders":[{"sid":"XE1","sender_id":"whatsapp:+15550000000"}],"meta":{}}`, whatsapp.ErrNotOwned},
		{"bad credentials", 401, `{"code":20003,"message":"Authenticate","status":401}`, errProvider},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, acct := serve(t, tt.status, tt.body)
			err := New(http.DefaultClient, "").VerifyNumber(context.Background(), acct)
			var pe *whatsapp.Error
			switch {
			case tt.want == errProvider && !errors.As(err, &pe):
				t.Errorf("error: got %v, want a provider error", err)
			case tt.want != errProvider && !errors.Is(err, tt.want):
				t.Errorf("error: got %v, want %v", err, tt.want)
			}
			if got, want := rec.seen[0].Path+"?"+rec.seen[0].RawQuery, "/v2/Channels/Senders?Channel=whatsapp&PageSize=100"; got != want {
				t.Errorf("request: got %q, want %q", got, want)
			}
		})
	}
}

var errProvider = errors.New("any provider error")
