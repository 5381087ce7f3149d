package meta

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

var testSecret = []byte("proplink-test-app-secret")

// opensslTextSig was computed once, outside Go, with
// `openssl dgst -sha256 -hmac 'proplink-test-app-secret' testdata/webhooks/text.json`.
const opensslTextSig = "sha256=f92bebe6ee8bd71b155ab978844f3ff3e0dd4ebf856ea313ac62089190820b4e"

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestVerifySignatureOpenSSLVector(t *testing.T) {
	body := mustRead(t, "testdata/webhooks/text.json")
	if err := VerifySignature(testSecret, body, opensslTextSig); err != nil {
		t.Fatalf("VerifySignature(openssl vector) = %v, want nil", err)
	}
	if got := Sign(testSecret, body); got != opensslTextSig {
		t.Errorf("Sign = %s, want %s", got, opensslTextSig)
	}
}

func TestVerifySignature(t *testing.T) {
	body := mustRead(t, "testdata/webhooks/text.json")
	mac := hmac.New(sha256.New, testSecret)
	mac.Write(body)
	good := "sha256=" + hex.EncodeToString(mac.Sum(nil))

	tests := []struct {
		name   string
		secret []byte
		body   []byte
		header string
		want   error
	}{
		{"valid", testSecret, body, good, nil},
		{"valid upper-case hex", testSecret, body, "sha256=" + strings.ToUpper(good[7:]), nil},
		{"valid with surrounding space", testSecret, body, " " + good + " ", nil},
		{"empty header", testSecret, body, "", ErrMissingSignature},
		{"blank header", testSecret, body, "   ", ErrMissingSignature},
		{"wrong prefix", testSecret, body, "sha1=" + good[7:], ErrBadSignature},
		{"no prefix", testSecret, body, good[7:], ErrBadSignature},
		{"prefix only", testSecret, body, "sha256=", ErrBadSignature},
		{"bad hex", testSecret, body, "sha256=" + strings.Repeat("zz", 32), ErrBadSignature},
		{"short hex", testSecret, body, good[:len(good)-2], ErrBadSignature},
		{"long hex", testSecret, body, good + "00", ErrBadSignature},
		{"wrong secret", []byte("another-secret"), body, good, ErrBadSignature},
		{"empty secret", nil, body, good, ErrBadSignature},
		{"tampered body", testSecret, append(bytes.Clone(body), ' '), good, ErrBadSignature},
		{"flipped digit", testSecret, body, good[:10] + flip(good[10]) + good[11:], ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := VerifySignature(tt.secret, tt.body, tt.header)
			if !errors.Is(got, tt.want) {
				t.Errorf("VerifySignature = %v, want %v", got, tt.want)
			}
		})
	}
}

func flip(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}

// Meta signs the body as sent, with non-ASCII escaped (\u00fc); re-serialising it (which writes
// the raw UTF-8) must not verify.
func TestVerifySignatureEscapedUnicodeOnlyAsRawBytes(t *testing.T) {
	body := mustRead(t, "testdata/webhooks/text.json")
	if !bytes.Contains(body, []byte(`J\u00fcrgen`)) {
		t.Fatal("fixture lost its escaped unicode")
	}
	sig := Sign(testSecret, body)
	if err := VerifySignature(testSecret, body, sig); err != nil {
		t.Fatalf("raw bytes: %v, want nil", err)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("Jürgen")) {
		t.Fatalf("re-serialised body should hold raw UTF-8: %s", buf.Bytes())
	}
	if err := VerifySignature(testSecret, buf.Bytes(), sig); !errors.Is(err, ErrBadSignature) {
		t.Errorf("re-serialised: %v, want ErrBadSignature", err)
	}
}

func FuzzVerifySignature(f *testing.F) {
	body := mustRead(f, "testdata/webhooks/text.json")
	f.Add(testSecret, body, opensslTextSig)
	f.Add([]byte("k"), []byte("{}"), "sha256=")
	f.Add([]byte(""), []byte(""), "")
	f.Add([]byte("k"), []byte("x"), "sha256="+strings.Repeat("g", 64))
	f.Fuzz(func(t *testing.T, secret, body []byte, header string) {
		err := VerifySignature(secret, body, header)
		if err == nil && (len(secret) == 0 || Sign(secret, body) != strings.ToLower(strings.TrimSpace(header))) {
			t.Fatalf("verified a header that is not the signature: %q", header)
		}
		if err != nil && !errors.Is(err, ErrBadSignature) && !errors.Is(err, ErrMissingSignature) {
			t.Fatalf("unexpected error %v", err)
		}
		if len(secret) > 0 {
			if err := VerifySignature(secret, body, Sign(secret, body)); err != nil {
				t.Fatalf("own signature did not verify: %v", err)
			}
		}
	})
}
