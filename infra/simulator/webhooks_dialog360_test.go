package simulator

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/proplink/chat/shared/webhook"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// headerReceiver records each webhook's body and headers.
type headerReceiver struct {
	mu      sync.Mutex
	paths   []string
	bodies  [][]byte
	headers []http.Header
}

func (rc *headerReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.paths, rc.bodies, rc.headers = append(rc.paths, r.URL.Path), append(rc.bodies, b), append(rc.headers, r.Header.Clone())
}

// TestDialog360Webhooks: a 360dialog account's webhooks go to its own URL, signed as 360dialog
// signs (x-360dialog-signature under the partner secret, the custom header secret, no
// X-Hub-Signature-256), and a bad signature spoils both.
func TestDialog360Webhooks(t *testing.T) {
	const partner, header = "partner-secret", "header-secret"
	tests := []struct {
		name       string
		d          Dialog360Webhooks
		bad        bool
		wantSigned bool // x-360dialog-signature verifies under partner
		wantHeader string
	}{
		{name: "partner signature and header", d: Dialog360Webhooks{PartnerSecret: partner, HeaderSecret: header}, wantSigned: true, wantHeader: header},
		{name: "partner signature only", d: Dialog360Webhooks{PartnerSecret: partner}, wantSigned: true},
		{name: "header only", d: Dialog360Webhooks{HeaderSecret: header}, wantHeader: header},
		{name: "bad signature", d: Dialog360Webhooks{PartnerSecret: partner, HeaderSecret: header}, bad: true, wantHeader: "wrong-" + header},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := &headerReceiver{}
			srv := httptest.NewServer(rc)
			defer srv.Close()
			d := tt.d
			d.WebhookURL = srv.URL + "/webhooks/360dialog"
			acct := DefaultAccount
			acct.Dialog360 = &d
			s := New(Options{Accounts: []Account{acct}, WebhookURL: srv.URL + "/webhooks/meta", AppSecret: testAppSecret})
			if _, err := s.Inject(context.Background(), Inbound{From: "447700900123", Text: "hi", WebhookOptions: WebhookOptions{BadSignature: tt.bad}}); err != nil {
				t.Fatal(err)
			}
			if len(rc.bodies) != 1 || rc.paths[0] != "/webhooks/360dialog" {
				t.Fatalf("got %d webhooks at %v, want 1 at /webhooks/360dialog", len(rc.bodies), rc.paths)
			}
			h := rc.headers[0]
			if got := h.Get(meta.SignatureHeader); got != "" {
				t.Errorf("X-Hub-Signature-256 = %q, want none", got)
			}
			sig := h.Get("x-360dialog-signature")
			if signed := meta.VerifyDialog360Signature([]byte(partner), rc.bodies[0], sig) == nil; signed != tt.wantSigned {
				t.Errorf("x-360dialog-signature %q verifies = %v, want %v", sig, signed, tt.wantSigned)
			}
			if tt.d.PartnerSecret == "" && sig != "" {
				t.Errorf("x-360dialog-signature = %q without a partner secret, want none", sig)
			}
			if got := h.Get(webhook.Dialog360HeaderSecretHeader); got != tt.wantHeader {
				t.Errorf("%s = %q, want %q", webhook.Dialog360HeaderSecretHeader, got, tt.wantHeader)
			}
		})
	}
}
