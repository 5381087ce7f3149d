package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

func TestDeliver(t *testing.T) {
	text, batch, broken := mustRead(t, "text.json"), mustRead(t, "batch.json"), mustRead(t, "broken_item.json")
	tests := []struct {
		name       string
		setup      func(r *rig)
		req        func() (string, []byte, string) // path, body, signature secret ("" unsigned)
		wantStatus int
		wantBody   string
		wantEvents int
	}{
		{name: "one message", req: func() (string, []byte, string) { return "/webhooks/meta", text, secretA },
			wantStatus: 200, wantBody: `{"success":true}`, wantEvents: 1},
		{name: "broken items keep their neighbours", req: func() (string, []byte, string) { return "/webhooks/meta", broken, secretA },
			wantStatus: 200, wantEvents: 4},
		{name: "missing signature", req: func() (string, []byte, string) { return "/webhooks/meta", text, "" },
			wantStatus: 401, wantBody: `{"success":false,"error":"Invalid signature"}`},
		{name: "wrong secret", req: func() (string, []byte, string) { return "/webhooks/meta", text, "not-the-secret" },
			wantStatus: 401, wantBody: `{"success":false,"error":"Invalid signature"}`},
		{name: "two organisations, one signature fails", req: func() (string, []byte, string) { return "/webhooks/meta", batch, secretA },
			wantStatus: 401},
		{name: "two organisations sharing an app secret", setup: func(r *rig) { r.secrets[messaging.OrgSecret(orgB, "", messaging.SecretAppSecret)] = secretA },
			req:        func() (string, []byte, string) { return "/webhooks/meta", batch, secretA },
			wantStatus: 200, wantEvents: 7}, // the template update names no number: unrouted
		{name: "organisation without an app secret", setup: func(r *rig) { delete(r.secrets, messaging.OrgSecret(orgA, "", messaging.SecretAppSecret)) },
			req:        func() (string, []byte, string) { return "/webhooks/meta", text, secretA },
			wantStatus: 401},
		{name: "unknown number", setup: func(r *rig) { delete(r.phones.orgs, phoneA) },
			req:        func() (string, []byte, string) { return "/webhooks/meta", text, "anything" },
			wantStatus: 200, wantBody: `{"success":true}`},
		{name: "enqueue fails", setup: func(r *rig) { r.queue.Err = errQueueDown },
			req:        func() (string, []byte, string) { return "/webhooks/meta", text, secretA },
			wantStatus: 500},
		{name: "route lookup fails", setup: func(r *rig) { r.phones.err = errQueueDown },
			req:        func() (string, []byte, string) { return "/webhooks/meta", text, secretA },
			wantStatus: 500},
		{name: "not JSON", req: func() (string, []byte, string) { return "/webhooks/meta", []byte("hello"), secretA },
			wantStatus: 400},
		{name: "oversized", req: func() (string, []byte, string) {
			return "/webhooks/meta", []byte(`{"x":"` + strings.Repeat("a", meta.MaxWebhookBody) + `"}`), secretA
		}, wantStatus: 413},
		{name: "signed other object", req: func() (string, []byte, string) {
			return "/webhooks/meta", []byte(`{"object":"page","entry":[{"id":"1","changes":[{"value":{"metadata":{"phone_number_id":"` + phoneA + `"}}}]}]}`), secretA
		}, wantStatus: 200},
		{name: "no such provider", req: func() (string, []byte, string) { return "/webhooks/sinch", text, secretA },
			wantStatus: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			if tt.setup != nil {
				tt.setup(r)
			}
			path, body, secret := tt.req()
			req := post(path, body)
			if secret != "" {
				req = post(path, body, "x-hub-signature-256", meta.Sign([]byte(secret), body))
			}
			got := r.svc.Handle(context.Background(), req)
			if got.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d %s, want %d", got.StatusCode, got.Body, tt.wantStatus)
			}
			if tt.wantBody != "" && got.Body != tt.wantBody {
				t.Errorf("body = %s, want %s", got.Body, tt.wantBody)
			}
			if n := len(r.inbound()); n != tt.wantEvents {
				t.Errorf("enqueued %d events, want %d", n, tt.wantEvents)
			}
		})
	}
}

func TestDeliverEnvelopes(t *testing.T) {
	r := newRig(t)
	body := mustRead(t, "broken_item.json")
	if got := r.svc.Handle(context.Background(), signed(body, secretA)); got.StatusCode != http.StatusOK {
		t.Fatalf("status = %d %s, want 200", got.StatusCode, got.Body)
	}
	parsed, err := meta.ParseWebhook(body)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.queue.Sent()) != len(parsed.Events) {
		t.Fatalf("enqueued %d, want %d", len(r.queue.Sent()), len(parsed.Events))
	}
	seen := map[string]bool{}
	sent := r.inbound()
	for i, m := range r.queue.Sent() {
		in := sent[i]
		want := whatsapp.Inbound{OrgID: orgA, ReceivedAt: fixedNow, Event: parsed.Events[i]}
		if diff := cmp.Diff(want, in); diff != "" {
			t.Errorf("envelope %d (-want +got):\n%s", i, diff)
		}
		if m.GroupID != want.GroupKey() {
			t.Errorf("envelope %d group = %q, want %q", i, m.GroupID, want.GroupKey())
		}
		if len(m.DeduplicationID) != 64 || m.DeduplicationID != DeduplicationID(want) || seen[m.DeduplicationID] {
			t.Errorf("envelope %d dedup id = %q, want a distinct 64-char hash", i, m.DeduplicationID)
		}
		seen[m.DeduplicationID] = true
	}
	if got := r.metrics.Counts()["WebhookProblems"]; got != float64(len(parsed.Problems)) {
		t.Errorf("WebhookProblems = %v, want %d", got, len(parsed.Problems))
	}
}

func TestDeliverReplaySameDedupID(t *testing.T) {
	r := newRig(t)
	body := mustRead(t, "text.json")
	for range 3 {
		r.svc.Handle(context.Background(), signed(body, secretA))
	}
	if len(r.queue.Sent()) != 3 {
		t.Fatalf("enqueued %d, want 3 (SQS drops the replays)", len(r.queue.Sent()))
	}
	for _, m := range r.queue.Sent()[1:] {
		if m.DeduplicationID != r.queue.Sent()[0].DeduplicationID {
			t.Errorf("replay dedup id = %s, want %s", m.DeduplicationID, r.queue.Sent()[0].DeduplicationID)
		}
	}
}

func TestDeliverBase64(t *testing.T) {
	r := newRig(t)
	got := r.svc.Handle(context.Background(), base64Post(signed(mustRead(t, "text.json"), secretA)))
	if got.StatusCode != http.StatusOK || len(r.queue.Sent()) != 1 {
		t.Errorf("got %d %s with %d enqueued, want 200 and 1", got.StatusCode, got.Body, len(r.queue.Sent()))
	}
	bad := post("/webhooks/meta", []byte("%%%"), "x-hub-signature-256", "sha256=00")
	bad.IsBase64Encoded = true
	if got := r.svc.Handle(context.Background(), bad); got.StatusCode != http.StatusBadRequest {
		t.Errorf("bad base64: got %d, want 400", got.StatusCode)
	}
	huge := base64Post(post("/webhooks/meta", []byte(strings.Repeat("a", meta.MaxWebhookBody+1)), "x-hub-signature-256", "sha256=00"))
	if got := r.svc.Handle(context.Background(), huge); got.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized base64: got %d, want 413", got.StatusCode)
	}
}

func TestRouteCache(t *testing.T) {
	r := newRig(t)
	body := mustRead(t, "text.json")
	for range 5 {
		r.svc.Handle(context.Background(), signed(body, secretA))
	}
	if r.phones.calls != 1 {
		t.Errorf("lookups = %d, want 1 (cached)", r.phones.calls)
	}
	now := fixedNow.Add(6 * 60e9)
	r.svc.phones.now = func() time.Time { return now }
	r.svc.Handle(context.Background(), signed(body, secretA))
	if r.phones.calls != 2 {
		t.Errorf("lookups after expiry = %d, want 2", r.phones.calls)
	}
}

func TestWABARouting(t *testing.T) {
	r := newRig(t)
	wabas := &fakeLookup{orgs: map[string]string{wabaA: orgA}}
	svc, err := New(Config{Phones: r.phones, WABAs: wabas, Secrets: r.secrets, Queue: r.queue, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	got := svc.Handle(context.Background(), signed(mustRead(t, "template_approved.json"), secretA))
	if got.StatusCode != http.StatusOK || len(r.queue.Sent()) != 1 || r.inbound()[0].OrgID != orgA {
		t.Fatalf("got %d %s with %v enqueued, want 200 and the update for %s", got.StatusCode, got.Body, r.inbound(), orgA)
	}
	// Without a WABA lookup the same body is unrouted.
	r2 := newRig(t)
	if got := r2.svc.Handle(context.Background(), signed(mustRead(t, "template_approved.json"), secretA)); got.StatusCode != 200 || len(r2.queue.Sent()) != 0 {
		t.Errorf("no WABA lookup: got %d with %d enqueued, want 200 and 0", got.StatusCode, len(r2.queue.Sent()))
	}
}

// The inbound queue carries each message's JSON exactly as Meta sent it (json.Marshal would
// compact it and escape its <, > and &).
func TestDeliverKeepsTheMessageAsReceived(t *testing.T) {
	msg := `{ "from": "447700900123", "id": "wamid.RAW", "timestamp": "1749416383",
  "text": { "body": "<b>Tom & Jerry</b> \u00fc" }, "type": "text", "future_field": [1, 2.50] }`
	body := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"` + wabaA + `","changes":[{"field":"messages",
"value":{"metadata":{"phone_number_id":"` + phoneA + `"},"messages":[` + msg + `]}}]}]}`)
	r := newRig(t)
	if got := r.svc.Handle(context.Background(), signed(body, secretA)); got.StatusCode != http.StatusOK {
		t.Fatalf("status = %d %s, want 200", got.StatusCode, got.Body)
	}
	sent := r.inbound()
	if len(sent) != 1 || sent[0].Event.Message == nil {
		t.Fatalf("enqueued %+v, want the message", sent)
	}
	if got, want := string(sent[0].Event.Message.Raw), msg; got != want {
		t.Errorf("raw = %s, want %s", got, want)
	}
	if got, want := sent[0].Event.Message.Text, "<b>Tom & Jerry</b> \u00fc"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}

// Every delivery's log lines name the provider and the body's size, the accepted line too.
func TestDeliverLogLines(t *testing.T) {
	text := mustRead(t, "text.json")
	tests := []struct {
		name string
		req  apigw.Request
		want map[string]any
	}{
		{"accepted", signed(text, secretA), map[string]any{"msg": "webhook accepted", "provider": "meta",
			"bytes": float64(len(text)), "orgs": []any{orgA}, "events": float64(1), "problems": float64(0)}},
		{"refused", signed(text, "wrong"), map[string]any{"msg": "webhook refused: signature", "provider": "meta",
			"bytes": float64(len(text)), "org_id": orgA, "reason": "mismatch"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			ctx := obs.WithLogger(context.Background(), slog.New(slog.NewJSONHandler(&buf, nil)))
			newRig(t).svc.Handle(ctx, tt.req)
			var got map[string]any
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatalf("log %q: %v", buf.String(), err)
			}
			for k, want := range tt.want {
				if diff := cmp.Diff(want, got[k]); diff != "" {
					t.Errorf("%s (-want +got):\n%s", k, diff)
				}
			}
		})
	}
}
