package webhook

import (
	"context"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/whatsapp/meta"
)

// dimsMetrics records every count with its dimensions.
type dimsMetrics struct {
	mu  sync.Mutex
	got []string
}

func (m *dimsMetrics) Count(name string, v float64, dims map[string]string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if name == MetricRejected {
		m.got = append(m.got, dims["Reason"])
	}
}

// TestRefusedSignatureCountsWebhookRejected pins what WebhookRejectedAlarm in template.yaml
// watches: a refused signature counts WebhookRejected once, with the reason as its Reason
// dimension (the alarm sums "mismatch" and "no_app_secret").
func TestRefusedSignatureCountsWebhookRejected(t *testing.T) {
	text := mustRead(t, "text.json")
	tests := []struct {
		name   string
		secret string // "" unsigned
		setup  func(r *rig)
		want   []string
	}{
		{name: "accepted", secret: secretA},
		{name: "wrong app secret", secret: "not-the-secret", want: []string{"mismatch"}},
		{name: "no app secret stored", secret: secretA, setup: func(r *rig) {
			for k, v := range r.secrets {
				if v == secretA {
					delete(r.secrets, k)
				}
			}
		}, want: []string{"no_app_secret"}},
		{name: "unsigned", want: []string{"missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			if tt.setup != nil {
				tt.setup(r)
			}
			m := &dimsMetrics{}
			svc, err := New(Config{Phones: r.phones, Secrets: r.secrets, Queue: r.queue, Metrics: m})
			if err != nil {
				t.Fatal(err)
			}
			req := post("/webhooks/meta", text)
			if tt.secret != "" {
				req = post("/webhooks/meta", text, "x-hub-signature-256", meta.Sign([]byte(tt.secret), text))
			}
			resp := svc.Handle(context.Background(), req)
			if wantStatus := map[bool]int{true: 200, false: 401}[tt.want == nil]; resp.StatusCode != wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, wantStatus)
			}
			if diff := cmp.Diff(tt.want, m.got); diff != "" {
				t.Errorf("WebhookRejected reasons (-want +got):\n%s", diff)
			}
		})
	}
}
