package meta

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

var testPlatformSecret = []byte("proplink-test-platform-secret")

// The x-360dialog-signature of testdata/webhooks/text.json under testPlatformSecret, computed
// once outside Go with `openssl dgst -sha256 -hmac 'proplink-test-platform-secret'` (hex) and
// the same with -binary | base64.
const (
	opensslDialogHex = "cb917c1d3dcbecc3689c665eb6fd9cafc873b1be164501366e5e72c87c613098"
	opensslDialogB64 = "y5F8HT3L7MNonGZetv2cr8hzsb4WRQE2bl5yyHxhMJg="
)

func TestVerifyDialog360SignatureOpenSSLVector(t *testing.T) {
	body := mustRead(t, "testdata/webhooks/text.json")
	for _, sig := range []string{opensslDialogHex, opensslDialogB64} {
		if err := VerifyDialog360Signature(testPlatformSecret, body, sig); err != nil {
			t.Errorf("VerifyDialog360Signature(openssl %s) = %v, want nil", sig, err)
		}
	}
	if got := SignDialog360(testPlatformSecret, body); got != opensslDialogHex {
		t.Errorf("SignDialog360 = %s, want %s", got, opensslDialogHex)
	}
}

func TestVerifyDialog360Signature(t *testing.T) {
	body := mustRead(t, "testdata/webhooks/text.json")
	mac := hmac.New(sha256.New, testPlatformSecret)
	mac.Write(body)
	sum := mac.Sum(nil)
	hexSig := SignDialog360(testPlatformSecret, body)
	tests := []struct {
		name   string
		secret []byte
		body   []byte
		header string
		want   error
	}{
		{"hex", testPlatformSecret, body, hexSig, nil},
		{"upper-case hex", testPlatformSecret, body, strings.ToUpper(hexSig), nil},
		{"hex with sha256= prefix", testPlatformSecret, body, "sha256=" + hexSig, nil},
		{"hex with surrounding space", testPlatformSecret, body, " " + hexSig + " ", nil},
		{"base64", testPlatformSecret, body, base64.StdEncoding.EncodeToString(sum), nil},
		{"unpadded base64", testPlatformSecret, body, base64.RawStdEncoding.EncodeToString(sum), nil},
		{"url base64", testPlatformSecret, body, base64.URLEncoding.EncodeToString(sum), nil},
		{"empty header", testPlatformSecret, body, "", ErrMissingSignature},
		{"blank header", testPlatformSecret, body, "  ", ErrMissingSignature},
		{"prefix only", testPlatformSecret, body, "sha256=", ErrBadSignature},
		{"short hex", testPlatformSecret, body, hexSig[:62], ErrBadSignature},
		{"long hex", testPlatformSecret, body, hexSig + "00", ErrBadSignature},
		{"bad hex", testPlatformSecret, body, strings.Repeat("zz", 32), ErrBadSignature},
		{"base64 of a short digest", testPlatformSecret, body, base64.StdEncoding.EncodeToString(sum[:31]), ErrBadSignature},
		{"Meta's signature under the app secret", testPlatformSecret, body, Sign(testSecret, body), ErrBadSignature},
		{"wrong secret", []byte("another-secret"), body, hexSig, ErrBadSignature},
		{"empty secret", nil, body, SignDialog360(nil, body), ErrBadSignature},
		{"tampered body", testPlatformSecret, append(bytes.Clone(body), ' '), hexSig, ErrBadSignature},
		{"flipped digit", testPlatformSecret, body, hexSig[:10] + flip(hexSig[10]) + hexSig[11:], ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := VerifyDialog360Signature(tt.secret, tt.body, tt.header); !errors.Is(got, tt.want) {
				t.Errorf("VerifyDialog360Signature = %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzVerifyDialog360Signature checks that no header panics the check and that a header
// verifies only when it decodes to the body's HMAC under the secret.
func FuzzVerifyDialog360Signature(f *testing.F) {
	body := mustRead(f, "testdata/webhooks/text.json")
	f.Add(body, opensslDialogHex)
	f.Add(body, opensslDialogB64)
	f.Add(body, "sha256="+opensslDialogHex)
	f.Add(body, "sha256=")
	f.Add([]byte("{}"), strings.Repeat("A", 43))
	f.Fuzz(func(t *testing.T, body []byte, header string) {
		err := VerifyDialog360Signature(testPlatformSecret, body, header)
		if err != nil {
			if !errors.Is(err, ErrMissingSignature) && !errors.Is(err, ErrBadSignature) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		got, ok := decodeDigest(strings.TrimSpace(header))
		mac := hmac.New(sha256.New, testPlatformSecret)
		mac.Write(body)
		if !ok || !bytes.Equal(got, mac.Sum(nil)) {
			t.Fatalf("header %q verified for a body it does not sign", header)
		}
	})
}
