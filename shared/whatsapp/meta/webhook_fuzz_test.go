package meta

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
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
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"statuses":[{"id":"w","status":"sent","timestamp":"1"}]},"value":{"metadata":{"phone_number_id":"2"}}}]}]}`))
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
		// The one-pass decode says exactly what the layered one does, for a body without a
		// repeated key (encoding/json merges a repeated object into a struct but keeps the last
		// one raw; Meta never repeats a key).
		layered, err := parseLayered(body)
		if err != nil {
			t.Fatalf("ParseWebhook accepted a body parseLayered refused: %v", err)
		}
		if !repeatsKey(body) && !reflect.DeepEqual(p, layered) {
			t.Fatalf("ParseWebhook %+v, parseLayered %+v", p, layered)
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

// repeatsKey reports whether any JSON object in body holds a key twice (or body is not JSON).
func repeatsKey(body []byte) bool {
	d := json.NewDecoder(bytes.NewReader(body))
	type frame struct {
		keys   map[string]bool
		object bool
		key    bool // the next string token of this object is a key
	}
	var stack []frame
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return len(stack) != 0
		}
		if err != nil {
			return true
		}
		top := len(stack) - 1
		if delim, ok := tok.(json.Delim); ok {
			switch delim {
			case '{', '[':
				if top >= 0 && stack[top].object {
					stack[top].key = true
				}
				stack = append(stack, frame{keys: map[string]bool{}, object: delim == '{', key: delim == '{'})
			default:
				stack = stack[:top]
			}
			continue
		}
		if top < 0 || !stack[top].object {
			continue
		}
		if stack[top].key {
			k, _ := tok.(string)
			if stack[top].keys[k] {
				return true
			}
			stack[top].keys[k] = true
			stack[top].key = false
			continue
		}
		stack[top].key = true
	}
}

// FuzzPlainReaders checks that the fast readings of ids and timestamps (plainString,
// plainUnix) agree with the full ones wherever they answer.
func FuzzPlainReaders(f *testing.F) {
	for _, s := range []string{`"1749416383"`, `1749416383`, `"102290129340398"`, `"+5"`, `"00"`, `""`, `"a\"b"`, `"\u0031"`, `1e3`, `"1099511627777"`, `null`, `"é"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return // encoding/json hands UnmarshalJSON one valid value
		}
		if s, ok := plainString(b); ok {
			var full flexString
			if err := full.decode(b); err != nil || string(full) != s {
				t.Fatalf("plainString(%s) = %q, full reading %q, %v", b, s, full, err)
			}
		}
		if n, ok := plainUnix(b); ok {
			var full unixTime
			if err := full.decode(b); err != nil || full.Unix() != n {
				t.Fatalf("plainUnix(%s) = %d, full reading %v, %v", b, n, full.Time, err)
			}
		}
	})
}
