package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// FuzzHandle checks that no body or signature panics the handler, that nothing is enqueued
// unless the signature verifies with the secret of the organisation the events belong to, and
// that the envelopes read back as the events meta.ParseWebhook finds for known numbers.
func FuzzHandle(f *testing.F) {
	for _, name := range []string{"text.json", "batch.json", "broken_item.json", "template_approved.json", "status_delivered.json"} {
		b := mustRead(f, name)
		f.Add(b, meta.Sign([]byte(secretA), b), false)
		f.Add(b, "sha256=00", true)
	}
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"`+phoneA+`"}}}]}]}`), "", false)
	f.Fuzz(func(t *testing.T, body []byte, sig string, b64 bool) {
		r := newRig(t)
		req := post("/webhooks/meta", body, "x-hub-signature-256", sig)
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
		for _, in := range sent {
			secret := map[string]string{orgA: secretA, orgB: secretB}[in.OrgID]
			if meta.VerifySignature([]byte(secret), body, sig) != nil {
				t.Fatalf("enqueued an event of %s without its valid signature", in.OrgID)
			}
			want := map[string]string{phoneA: orgA, phoneB: orgB}[in.Event.PhoneNumberID]
			if want != in.OrgID {
				t.Fatalf("event of number %q went to %s, want %q", in.Event.PhoneNumberID, in.OrgID, want)
			}
		}
		parsed, err := meta.ParseWebhook(body)
		if err != nil {
			t.Fatalf("enqueued %d events of a body ParseWebhook refused: %v", len(sent), err)
		}
		parsed.SetProvider(messaging.ProviderMeta)
		var want []whatsapp.Inbound
		for _, ev := range parsed.Events {
			if org := map[string]string{phoneA: orgA, phoneB: orgB}[ev.PhoneNumberID]; org != "" {
				want = append(want, whatsapp.Inbound{OrgID: org, ReceivedAt: fixedNow, Event: ev})
			}
		}
		if diff := cmp.Diff(want, sent, compactOther); diff != "" {
			t.Fatalf("envelopes read back (-parsed +enqueued):\n%s", diff)
		}
	})
}

// compactOther compares an Other event's raw value as JSON (json.Marshal compacts it on the
// way to the queue); a message's raw JSON must come back byte for byte.
var compactOther = cmp.Transformer("compact", func(c whatsapp.RawChange) whatsapp.RawChange {
	var b bytes.Buffer
	if json.Compact(&b, c.Value) == nil {
		c.Value = b.Bytes()
	}
	return c
})
