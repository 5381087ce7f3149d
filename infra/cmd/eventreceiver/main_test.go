package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/platformevent"
)

// TestReceiverAgreesWithTheSender holds the example's stdlib verify to what the delivery
// function sends (platformevent.SignatureHeader), so the README's example cannot drift.
func TestReceiverAgreesWithTheSender(t *testing.T) {
	now := time.Now()
	body := []byte(`{"id":"evt_01","type":"message.received","data":{"text":"hello"}}`)
	ts := now.Unix()
	tests := []struct {
		name, signature, timestamp string
		body                       []byte
		want                       int
	}{
		{"signed by the secret", platformevent.SignatureHeader([]string{"whsec_a"}, ts, body), strconv.FormatInt(ts, 10), body, http.StatusNoContent},
		{"during a rotation", platformevent.SignatureHeader([]string{"whsec_new", "whsec_a"}, ts, body), strconv.FormatInt(ts, 10), body, http.StatusNoContent},
		{"another secret", platformevent.SignatureHeader([]string{"whsec_b"}, ts, body), strconv.FormatInt(ts, 10), body, http.StatusUnauthorized},
		{"a changed body", platformevent.SignatureHeader([]string{"whsec_a"}, ts, body), strconv.FormatInt(ts, 10), []byte(`{"id":"evt_02"}`), http.StatusUnauthorized},
		{"a replay ten minutes on", platformevent.SignatureHeader([]string{"whsec_a"}, ts-600, body), strconv.FormatInt(ts-600, 10), body, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			h := &handler{secret: "whsec_a", seen: map[string]bool{}, out: &out}
			r := httptest.NewRequest("POST", "/hooks", bytes.NewReader(tt.body))
			r.Header.Set(platformevent.HeaderSignature, tt.signature)
			r.Header.Set(platformevent.HeaderTimestamp, tt.timestamp)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.want {
				t.Fatalf("got %d %s, want %d", w.Code, w.Body, tt.want)
			}
		})
	}
	t.Run("a repeat is acknowledged and not handled twice", func(t *testing.T) {
		var out bytes.Buffer
		h := &handler{secret: "whsec_a", seen: map[string]bool{}, out: &out}
		for range 2 {
			r := httptest.NewRequest("POST", "/hooks", bytes.NewReader(body))
			r.Header.Set(platformevent.HeaderSignature, platformevent.SignatureHeader([]string{"whsec_a"}, ts, body))
			r.Header.Set(platformevent.HeaderTimestamp, strconv.FormatInt(ts, 10))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusNoContent {
				t.Fatalf("got %d, want 204", w.Code)
			}
		}
		if n := strings.Count(out.String(), "evt_01"); n != 1 {
			t.Fatalf("handled %d times, want once: %q", n, out.String())
		}
	})
}
