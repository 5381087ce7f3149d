package meta

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
)

// SignatureHeader is the HTTP header carrying Meta's webhook signature.
const SignatureHeader = "X-Hub-Signature-256"

// Errors of VerifySignature; both mean answer 401 and enqueue nothing.
var (
	ErrMissingSignature = errors.New("meta: missing webhook signature")
	ErrBadSignature     = errors.New("meta: bad webhook signature")
)

const signaturePrefix = "sha256="

// VerifySignature checks an X-Hub-Signature-256 header ("sha256=<hex>") against HMAC-SHA256 of
// the exact raw body bytes under the app secret, in constant time. Pass the body as received
// (base64-decoded if API Gateway encoded it), never re-serialised JSON. An empty secret never
// verifies.
func VerifySignature(appSecret []byte, body []byte, header string) error {
	header = strings.TrimSpace(header)
	if header == "" {
		return ErrMissingSignature
	}
	hexSig, ok := strings.CutPrefix(header, signaturePrefix)
	if !ok || len(hexSig) != 2*sha256.Size || len(appSecret) == 0 {
		return ErrBadSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return ErrBadSignature
	}
	mac := hmac.New(sha256.New, appSecret)
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return ErrBadSignature
	}
	return nil
}

// Sign returns the X-Hub-Signature-256 value for body under the app secret, as Meta computes it
// (for simulators and tests).
func Sign(appSecret []byte, body []byte) string {
	mac := hmac.New(sha256.New, appSecret)
	mac.Write(body)
	return signaturePrefix + hex.EncodeToString(mac.Sum(nil))
}
