package meta

import (
	"encoding/json"
	"slices"
	"testing"
)

func FuzzParseWebhook(f *testing.F) {
	for _, file := range webhookFixtures(f) {
		f.Add(mustRead(f, file))
	}
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":{}}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":null}]}]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"time":"x","changes":[{"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":1e400}}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := ParseWebhook(body)
		if err != nil {
			if len(p.Events) != 0 || len(p.Problems) != 0 {
				t.Fatalf("error %v with results", err)
			}
			return
		}
		if n := len(p.Events) + len(p.Problems); n > MaxWebhookItems {
			t.Fatalf("%d items, cap %d", n, MaxWebhookItems)
		}
		for i, e := range p.Events {
			if e.PayloadCount() != 1 {
				t.Fatalf("event %d has %d payloads", i, e.PayloadCount())
			}
			if e.DedupeKey() == "" {
				t.Fatalf("event %d has no dedupe key", i)
			}
			if _, err := json.Marshal(e); err != nil {
				t.Fatalf("event %d does not marshal: %v", i, err)
			}
		}
		phones, err := RoutingInfo(body)
		if err != nil {
			t.Fatalf("ParseWebhook accepted a body RoutingInfo refused: %v", err)
		}
		wabas, err := RoutingWABAIDs(body)
		if err != nil {
			t.Fatalf("ParseWebhook accepted a body RoutingWABAIDs refused: %v", err)
		}
		// The ids ParseWebhook finds in its own pass are the routing functions' (the handler
		// routes and verifies by them).
		if !slices.Equal(p.PhoneNumberIDs, phones) || !slices.Equal(p.WABAIDs, wabas) {
			t.Fatalf("ParseWebhook routing ids %q %q, RoutingInfo %q, RoutingWABAIDs %q", p.PhoneNumberIDs, p.WABAIDs, phones, wabas)
		}
		// Security: every event's number (or, without one, its WABA) must be one routing named, so the handler
		// verified the body with that organisation's secret.
		for i, e := range p.Events {
			if e.PhoneNumberID != "" && !slices.Contains(phones, e.PhoneNumberID) {
				t.Fatalf("event %d names number %q not in RoutingInfo %q", i, e.PhoneNumberID, phones)
			}
			if e.PhoneNumberID == "" && e.WABAID != "" && !slices.Contains(wabas, e.WABAID) {
				t.Fatalf("event %d names WABA %q not in RoutingWABAIDs %q", i, e.WABAID, wabas)
			}
		}
	})
}
