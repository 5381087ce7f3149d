package twilio

import (
	"errors"
	"net/url"
	"testing"
)

// Twilio's documented example (the security guide and its helper libraries' validation docs).
var (
	docToken  = "12345"
	docURL    = "https://mycompany.com/myapp.php?foo=1&bar=2"
	docParams = url.Values{
		"CallSid": {"CA1234567890ABCDE"}, "Caller": {"+14158675309"}, "Digits": {"1234"},
		"From": {"+14158675309"}, "To": {"+18005551212"},
	}
	docSignature = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
)

func TestSignatureDocumentedExample(t *testing.T) {
	if got := Signature(docToken, docURL, docParams); got != docSignature {
		t.Errorf("signature: got %q, want %q", got, docSignature)
	}
}

func TestVerifySignature(t *testing.T) {
	tampered := url.Values{}
	for k, v := range docParams {
		tampered[k] = v
	}
	tampered.Set("Digits", "9999")
	tests := []struct {
		name, token, url string
		params           url.Values
		sig              string
		want             error
	}{
		{"documented example", docToken, docURL, docParams, docSignature, nil},
		{"missing header", docToken, docURL, docParams, "", ErrMissingSignature},
		{"other token", "54321", docURL, docParams, docSignature, ErrBadSignature},
		{"no token", "", docURL, docParams, docSignature, ErrBadSignature},
		{"other host (a custom domain is part of the URL)", docToken, "https://api.example.com/myapp.php?foo=1&bar=2", docParams, docSignature, ErrBadSignature},
		{"query dropped", docToken, "https://mycompany.com/myapp.php", docParams, docSignature, ErrBadSignature},
		{"http instead of https", docToken, "http://mycompany.com/myapp.php?foo=1&bar=2", docParams, docSignature, ErrBadSignature},
		{"tampered parameter", docToken, docURL, tampered, docSignature, ErrBadSignature},
		{"truncated signature", docToken, docURL, docParams, docSignature[:10], ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := VerifySignature(tt.token, tt.url, tt.params, tt.sig); !errors.Is(got, tt.want) {
				t.Errorf("verify: got %v, want %v", got, tt.want)
			}
		})
	}
}
