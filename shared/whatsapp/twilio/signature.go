package twilio

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/url"
	"slices"
	"strings"
)

// SignatureHeader is the header Twilio signs its webhooks in.
const SignatureHeader = "X-Twilio-Signature"

// Errors of a webhook signature.
var (
	ErrMissingSignature = errors.New("twilio: missing " + SignatureHeader)
	ErrBadSignature     = errors.New("twilio: " + SignatureHeader + " does not match")
)

// Signature is Twilio's signature of a form-encoded POST to fullURL: base64 of HMAC-SHA1, keyed
// with the auth token, of the full URL Twilio called (scheme, host, path and query, exactly as
// configured) followed by every POST parameter's name and value, sorted by name (and a name's
// values sorted, as Twilio's own validators do).
func Signature(authToken, fullURL string, params url.Values) string {
	var b strings.Builder
	b.WriteString(fullURL)
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		vs := slices.Clone(params[k])
		slices.Sort(vs)
		for _, v := range vs {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// VerifySignature checks got (the X-Twilio-Signature header) against the signature of params
// posted to fullURL under authToken, in constant time. An empty token verifies nothing.
func VerifySignature(authToken, fullURL string, params url.Values, got string) error {
	if got == "" {
		return ErrMissingSignature
	}
	if authToken == "" {
		return ErrBadSignature
	}
	want := Signature(authToken, fullURL, params)
	if subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
		return ErrBadSignature
	}
	return nil
}
