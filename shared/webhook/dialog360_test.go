package webhook

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// The 360dialog fixtures' secrets: the stage's partner platform secret and organisation A's
// custom header secret.
const (
	partnerSecret = "partner-platform-secret"
	headerSecretA = "header-secret-a"
	headerSecretB = "header-secret-b"
)

// newDialogRig is a rig whose secrets also hold the partner secret and the organisations'
// header secrets (B's in a secrets revision).
func newDialogRig(t testing.TB) *rig {
	t.Helper()
	r := newRig(t)
	r.secrets[Dialog360PartnerSecretName] = partnerSecret
	r.secrets[messaging.OrgSecret(orgA, "", messaging.SecretDialog360HeaderSecret)] = headerSecretA
	r.phones.revs = map[string]string{orgB: "r2"}
	r.secrets[messaging.OrgSecret(orgB, "r2", messaging.SecretDialog360HeaderSecret)] = headerSecretB
	return r
}

func TestDeliverDialog360(t *testing.T) {
	text, batch := mustRead(t, "text.json"), mustRead(t, "batch.json")
	sig := func(secret string, body []byte) string { return meta.SignDialog360([]byte(secret), body) }
	tests := []struct {
		name    string
		path    string
		body    []byte
		headers []string
		b64     bool
		setup   func(r *rig)
		status  int
		orgs    []string // organisations of the enqueued events, in order
		reasons []string // WebhookRejected reasons
	}{
		{name: "partner signature (hex)", body: text,
			headers: []string{"x-360dialog-signature", sig(partnerSecret, text)}, status: 200, orgs: []string{orgA}},
		{name: "partner signature (base64)", body: text,
			headers: []string{"X-360Dialog-Signature", base64Sig(partnerSecret, text)}, status: 200, orgs: []string{orgA}},
		{name: "partner signature over a base64 body", body: text, b64: true,
			headers: []string{"x-360dialog-signature", sig(partnerSecret, text)}, status: 200, orgs: []string{orgA}},
		{name: "partner signature covers every organisation", body: batch,
			headers: []string{"x-360dialog-signature", sig(partnerSecret, batch)}, status: 200,
			orgs: []string{orgA, orgA, orgA, orgA, orgA, orgB, orgB}},
		{name: "header secret", body: text,
			headers: []string{"x-proplink-webhook-secret", headerSecretA}, status: 200, orgs: []string{orgA}},
		{name: "wrong partner signature but the header secret", body: text,
			headers: []string{"x-360dialog-signature", sig("wrong", text), "x-proplink-webhook-secret", headerSecretA}, status: 200, orgs: []string{orgA}},
		{name: "unsigned", body: text, status: 401, reasons: []string{"missing"}},
		{name: "Meta's signature with the app secret", body: text,
			headers: []string{"x-hub-signature-256", meta.Sign([]byte(secretA), text)}, status: 401, reasons: []string{"missing"}},
		{name: "wrong partner secret", body: text,
			headers: []string{"x-360dialog-signature", sig("wrong", text)}, status: 401, reasons: []string{"mismatch"}},
		{name: "signature of another body", body: text,
			headers: []string{"x-360dialog-signature", sig(partnerSecret, batch)}, status: 401, reasons: []string{"mismatch"}},
		{name: "no partner secret stored", body: text,
			headers: []string{"x-360dialog-signature", sig(partnerSecret, text)},
			setup:   func(r *rig) { delete(r.secrets, Dialog360PartnerSecretName) }, status: 401, reasons: []string{"no_partner_secret"}},
		{name: "wrong header secret", body: text,
			headers: []string{"x-proplink-webhook-secret", headerSecretB}, status: 401, reasons: []string{"mismatch"}},
		{name: "header secret of one organisation only", body: batch,
			headers: []string{"x-proplink-webhook-secret", headerSecretA}, status: 401, reasons: []string{"mismatch"}},
		{name: "no header secret stored", body: text,
			headers: []string{"x-proplink-webhook-secret", headerSecretA},
			setup: func(r *rig) {
				delete(r.secrets, messaging.OrgSecret(orgA, "", messaging.SecretDialog360HeaderSecret))
			}, status: 401, reasons: []string{"no_header_secret"}},
		{name: "Meta's route ignores 360dialog's signature", path: "/webhooks/meta", body: text,
			headers: []string{"x-360dialog-signature", sig(partnerSecret, text)}, status: 401, reasons: []string{"missing"}},
		{name: "Meta's route still takes Meta's signature", path: "/webhooks/meta", body: text,
			headers: []string{"x-hub-signature-256", meta.Sign([]byte(secretA), text)}, status: 200, orgs: []string{orgA}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newDialogRig(t)
			if tt.setup != nil {
				tt.setup(r)
			}
			m := &dimsMetrics{}
			svc, err := New(Config{Phones: r.phones, Secrets: r.secrets, Queue: r.queue, Metrics: m})
			if err != nil {
				t.Fatal(err)
			}
			path := tt.path
			if path == "" {
				path = "/webhooks/360dialog"
			}
			req := post(path, tt.body, tt.headers...)
			if tt.b64 {
				req = base64Post(req)
			}
			got := svc.Handle(context.Background(), req)
			if got.StatusCode != tt.status {
				t.Errorf("status = %d %s, want %d", got.StatusCode, got.Body, tt.status)
			}
			var orgs []string
			for _, in := range r.inbound() {
				orgs = append(orgs, in.OrgID)
				if want := map[bool]string{true: messaging.ProviderMeta, false: messaging.ProviderDialog360}[path == "/webhooks/meta"]; in.Event.Provider != want {
					t.Errorf("provider = %q, want %q", in.Event.Provider, want)
				}
			}
			if diff := cmp.Diff(tt.orgs, orgs); diff != "" {
				t.Errorf("enqueued organisations (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.reasons, m.got); diff != "" {
				t.Errorf("WebhookRejected reasons (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDeliverDialog360SecretUnavailable: a partner secret that cannot be read is a 500 the
// provider retries, never an acceptance.
func TestDeliverDialog360SecretUnavailable(t *testing.T) {
	r := newDialogRig(t)
	text := mustRead(t, "text.json")
	svc, err := New(Config{Phones: r.phones, Secrets: failingSecrets{}, Queue: r.queue})
	if err != nil {
		t.Fatal(err)
	}
	got := svc.Handle(context.Background(), post("/webhooks/360dialog", text, "x-360dialog-signature", meta.SignDialog360([]byte(partnerSecret), text)))
	if got.StatusCode != http.StatusInternalServerError || len(r.queue.Sent()) != 0 {
		t.Errorf("got %d with %d enqueued, want 500 and 0", got.StatusCode, len(r.queue.Sent()))
	}
}

// failingSecrets fails every read.
type failingSecrets struct{}

func (failingSecrets) Get(context.Context, string) (string, error) { return "", errQueueDown }

func base64Sig(secret string, body []byte) string {
	b, _ := hex.DecodeString(meta.SignDialog360([]byte(secret), body))
	return base64.StdEncoding.EncodeToString(b)
}

// FuzzDeliverDialog360 checks that no body or credentials panic the 360dialog route and that
// nothing is enqueued unless the partner signature verifies or the header secret is that of
// every organisation the events belong to.
func FuzzDeliverDialog360(f *testing.F) {
	for _, name := range []string{"text.json", "batch.json", "broken_item.json", "status_delivered.json"} {
		b := mustRead(f, name)
		f.Add(b, meta.SignDialog360([]byte(partnerSecret), b), "", false)
		f.Add(b, "00", headerSecretA, true)
		f.Add(b, "", headerSecretB, false)
	}
	f.Fuzz(func(t *testing.T, body []byte, sig, header string, b64 bool) {
		r := newDialogRig(t)
		req := post("/webhooks/360dialog", body, "x-360dialog-signature", sig, "x-proplink-webhook-secret", header)
		if b64 {
			req = base64Post(req)
		}
		got := r.svc.Handle(context.Background(), req)
		sent := r.inbound()
		if len(sent) == 0 {
			return
		}
		if got.StatusCode != 200 {
			t.Fatalf("status %d with %d enqueued", got.StatusCode, len(sent))
		}
		if meta.VerifyDialog360Signature([]byte(partnerSecret), body, sig) == nil {
			return
		}
		for _, in := range sent {
			if want := map[string]string{orgA: headerSecretA, orgB: headerSecretB}[in.OrgID]; header != want {
				t.Fatalf("enqueued an event of %s without a partner signature or its header secret", in.OrgID)
			}
		}
	})
}
