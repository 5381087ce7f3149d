package apigw

import (
	"strings"
	"testing"
)

// FuzzRequest feeds outside bodies and Authorization headers through the request helpers: they
// never panic, and a bearer token is never blank nor padded.
func FuzzRequest(f *testing.F) {
	f.Add("Bearer abc", `{"a":1}`, false)
	f.Add("bearer ", "eyJhIjoxfQ==", true)
	f.Add("Basic x", "!!", true)
	f.Fuzz(func(t *testing.T, auth, body string, b64 bool) {
		r := request("POST", map[string]string{"authorization": auth}, body, b64)
		if tok := BearerToken(r); tok != "" && tok != strings.TrimSpace(tok) {
			t.Fatalf("BearerToken(%q) = %q, want trimmed", auth, tok)
		}
		var v map[string]any
		_ = DecodeJSON(r, &v)
		if b, err := Body(r); err == nil && len(b) > MaxBody*4/3+4 {
			t.Fatalf("Body returned %d bytes, over the limit", len(b))
		}
	})
}
