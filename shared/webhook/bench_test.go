package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/whatsapp/meta"
)

// The benchmarks pair the whole POST path over fakes (route cache hit, secret, verify, parse,
// envelopes with dedup ids, JSON-encoding the queue bodies) with the bare minimum any handler
// does on the same bytes (one HMAC and a generic json.Unmarshal); events/op turns ns/op into
// CPU per event.

// TestMain logs to a JSON handler on io.Discard: the handler's log lines cost what they cost in
// Lambda without filling the test output.
func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.NewJSONHandler(io.Discard, nil)))
	os.Exit(m.Run())
}

var benchBodies = []string{"text.json", "status_delivered.json", "broken_item.json"}

func BenchmarkHandle(b *testing.B) {
	for _, name := range benchBodies {
		body := mustRead(b, name)
		b.Run(name, func(b *testing.B) {
			r := newRig(b)
			req := signed(body, secretA)
			ctx := context.Background()
			r.svc.Handle(ctx, req)
			events := len(r.queue.Sent())
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				r.queue.Reset()
				if got := r.svc.Handle(ctx, req); got.StatusCode != 200 {
					b.Fatal(got.Body)
				}
			}
			b.ReportMetric(float64(events), "events/op")
		})
	}
}

func BenchmarkBaselineHMACJSON(b *testing.B) {
	for _, name := range benchBodies {
		body := mustRead(b, name)
		want, _ := hex.DecodeString(strings.TrimPrefix(meta.Sign([]byte(secretA), body), "sha256="))
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				mac := hmac.New(sha256.New, []byte(secretA))
				mac.Write(body)
				if !hmac.Equal(mac.Sum(nil), want) {
					b.Fatal("hmac")
				}
				var v map[string]any
				if err := json.Unmarshal(body, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHandleRatio runs the whole POST path and the baseline alternately on each body,
// timing each call, so that both see the same load on a shared machine; x-baseline is the
// handler's CPU time as a multiple of the baseline's.
func BenchmarkHandleRatio(b *testing.B) {
	for _, name := range benchBodies {
		body := mustRead(b, name)
		want, _ := hex.DecodeString(strings.TrimPrefix(meta.Sign([]byte(secretA), body), "sha256="))
		b.Run(name, func(b *testing.B) {
			r := newRig(b)
			req := signed(body, secretA)
			ctx := context.Background()
			var ours, base time.Duration
			for b.Loop() {
				r.queue.Reset()
				t := time.Now()
				if got := r.svc.Handle(ctx, req); got.StatusCode != 200 {
					b.Fatal(got.Body)
				}
				ours += time.Since(t)
				t = time.Now()
				mac := hmac.New(sha256.New, []byte(secretA))
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
