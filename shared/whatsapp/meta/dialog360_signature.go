package meta

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// Dialog360SignatureHeader is the HTTP header carrying 360dialog's webhook signature: an
// HMAC-SHA256 of the body under the partner's platform secret (360dialog Partner docs,
// "Webhook Events & Setup › Signature Validation").
const Dialog360SignatureHeader = "X-360dialog-Signature"

// VerifyDialog360Signature checks an x-360dialog-signature header against HMAC-SHA256 of the
// exact raw body under the partner's platform secret, in constant time. Pass the body as
// received (base64-decoded if API Gateway encoded it). 360dialog's documentation does not name
// the digest's encoding, so the header is read as hex (either case, with or without a "sha256="
// prefix) or as base64 (standard or URL alphabet, padded or not): each is unambiguous by its
// length and decodes to the 32-byte MAC that is compared. An empty secret never verifies; the
// errors are ErrMissingSignature and ErrBadSignature.
func VerifyDialog360Signature(platformSecret []byte, body []byte, header string) error {
	header = strings.TrimSpace(header)
	if header == "" {
		return ErrMissingSignature
	}
	got, ok := decodeDigest(header)
	if !ok || len(platformSecret) == 0 {
		return ErrBadSignature
	}
	mac := hmac.New(sha256.New, platformSecret)
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return ErrBadSignature
	}
	return nil
}

// decodeDigest reads a SHA-256 digest written in hex or base64; ok is false for anything else.
func decodeDigest(s string) ([]byte, bool) {
	if len(s) > len(signaturePrefix) && strings.EqualFold(s[:len(signaturePrefix)], signaturePrefix) {
		s = s[len(signaturePrefix):]
	}
	if len(s) == 2*sha256.Size {
		b, err := hex.DecodeString(s)
		return b, err == nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.Strict().DecodeString(s); err == nil && len(b) == sha256.Size {
			return b, true
		}
	}
	return nil, false
}

// SignDialog360 returns an x-360dialog-signature value for body under the platform secret: the
// HMAC-SHA256 in lower-case hex (for simulators and tests).
func SignDialog360(platformSecret []byte, body []byte) string {
	mac := hmac.New(sha256.New, platformSecret)
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}
