package meta

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"
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

// BenchmarkVerifyAndParseRatio runs VerifySignature + ParseWebhook and the baseline alternately,
// timing each call, so that both see the same load on a shared machine; x-baseline is ours as a
// multiple of the baseline.
func BenchmarkVerifyAndParseRatio(b *testing.B) {
	for _, bb := range benchBodies {
		body := mustRead(b, bb.file)
		sig := Sign(testSecret, body)
		want, _ := hex.DecodeString(sig[len(signaturePrefix):])
		b.Run(bb.name, func(b *testing.B) {
			var ours, base time.Duration
			for b.Loop() {
				t := time.Now()
				if err := VerifySignature(testSecret, body, sig); err != nil {
					b.Fatal(err)
				}
				if p, err := ParseWebhook(body); err != nil || len(p.Events) != 1 {
					b.Fatalf("ParseWebhook = %d events, %v", len(p.Events), err)
				}
				ours += time.Since(t)
				t = time.Now()
				mac := hmac.New(sha256.New, testSecret)
				mac.Write(body)
				var v map[string]any
				if !hmac.Equal(mac.Sum(nil), want) || json.Unmarshal(body, &v) != nil {
					b.Fatal("baseline")
				}
				base += time.Since(t)
			}
			b.ReportMetric(float64(ours)/float64(base), "x-baseline")
		})
	}
}
