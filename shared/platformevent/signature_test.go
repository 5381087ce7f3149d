package platformevent

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestVerify(t *testing.T) {
	now := time.Unix(1_790_000_000, 0)
	body := []byte(`{"id":"evt_1","type":"message.received"}`)
	ts := now.Unix()
	good := SignatureHeader([]string{"whsec_new"}, ts, body)
	both := SignatureHeader([]string{"whsec_new", "whsec_old"}, ts, body)
	tests := []struct {
		name, secret, header, timestamp string
		body                            []byte
		want                            error
	}{
		{"the secret's signature", "whsec_new", good, strconv.FormatInt(ts, 10), body, nil},
		{"the old secret during the overlap", "whsec_old", both, strconv.FormatInt(ts, 10), body, nil},
		{"the new secret during the overlap", "whsec_new", both, strconv.FormatInt(ts, 10), body, nil},
		{"another secret", "whsec_other", both, strconv.FormatInt(ts, 10), body, ErrMismatch},
		{"a changed body", "whsec_new", good, strconv.FormatInt(ts, 10), []byte(`{"id":"evt_2"}`), ErrMismatch},
		{"a changed timestamp", "whsec_new", good, strconv.FormatInt(ts+1, 10), body, ErrMismatch},
		{"a stale timestamp", "whsec_new", SignatureHeader([]string{"whsec_new"}, ts-301, body), strconv.FormatInt(ts-301, 10), body, ErrStale},
		{"a future timestamp", "whsec_new", SignatureHeader([]string{"whsec_new"}, ts+301, body), strconv.FormatInt(ts+301, 10), body, ErrStale},
		{"no timestamp", "whsec_new", good, "", body, ErrMalformed},
		{"no signature", "whsec_new", "", strconv.FormatInt(ts, 10), body, ErrMalformed},
		{"a short signature", "whsec_new", "sha256=abcd", strconv.FormatInt(ts, 10), body, ErrMalformed},
		{"only another scheme", "whsec_new", "v2=" + strings.Repeat("a", 64), strconv.FormatInt(ts, 10), body, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Verify(tt.secret, tt.header, tt.timestamp, tt.body, now, DefaultTolerance)
			if !errors.Is(got, tt.want) {
				t.Fatalf("Verify = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSignIsTimestampDotBody(t *testing.T) {
	// HMAC-SHA256("key", "1.{}"), computed with: printf '1.{}' | openssl dgst -sha256 -hmac key
	const want = "1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224"
	if got := Sign("key", 1, []byte("{}")); got != want {
		t.Fatalf("Sign = %q, want %q", got, want)
	}
}

func FuzzParseSignatures(f *testing.F) {
	f.Add("sha256=" + strings.Repeat("ab", 32))
	f.Add("sha256=" + strings.Repeat("ab", 32) + ", sha256=" + strings.Repeat("cd", 32))
	f.Add("v2=x, sha256=" + strings.Repeat("0", 64))
	f.Add(",,,=")
	f.Fuzz(func(t *testing.T, header string) {
		sigs, err := ParseSignatures(header)
		if err != nil {
			if sigs != nil {
				t.Fatalf("ParseSignatures(%q) = %v with error %v", header, sigs, err)
			}
			return
		}
		if len(sigs) == 0 || len(sigs) > maxSignatures {
			t.Fatalf("ParseSignatures(%q) = %d signatures", header, len(sigs))
		}
		for _, s := range sigs {
			if len(s) != 32 {
				t.Fatalf("ParseSignatures(%q) gave a %d-byte signature", header, len(s))
			}
		}
	})
}
