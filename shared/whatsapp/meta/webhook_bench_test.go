package meta

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
)

// The benchmarks below pair our per-webhook work (VerifySignature + ParseWebhook) with the bare
// minimum any handler does on the same bytes (one HMAC and a generic json.Unmarshal), so CPU per
// event can be reported as a ratio to the baseline.

var benchBodies = []struct{ name, file string }{
	{"status", "testdata/webhooks/status_delivered.json"},
	{"text", "testdata/webhooks/text.json"},
}

func BenchmarkVerifyAndParse(b *testing.B) {
	for _, bb := range benchBodies {
		body := mustRead(b, bb.file)
		sig := Sign(testSecret, body)
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if err := VerifySignature(testSecret, body, sig); err != nil {
					b.Fatal(err)
				}
				p, err := ParseWebhook(body)
				if err != nil || len(p.Events) != 1 {
					b.Fatalf("ParseWebhook = %d events, %v", len(p.Events), err)
				}
			}
		})
	}
}

func BenchmarkBaselineHMACJSON(b *testing.B) {
	for _, bb := range benchBodies {
		body := mustRead(b, bb.file)
		want, _ := hex.DecodeString(Sign(testSecret, body)[len(signaturePrefix):])
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				mac := hmac.New(sha256.New, testSecret)
				mac.Write(body)
				if !hmac.Equal(mac.Sum(nil), want) {
					b.Fatal("hmac mismatch")
				}
				var v map[string]any
				if err := json.Unmarshal(body, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
