package dynamo

import (
	"strings"
	"testing"
)

func TestNewTokenParses(t *testing.T) {
	for _, org := range []string{"o1", "org_with_underscores", "01J9ZZZ"} {
		t.Run(org, func(t *testing.T) {
			tok, err := NewToken(org)
			if err != nil {
				t.Fatalf("NewToken: %v", err)
			}
			got, ok := parseToken(tok)
			if !ok || got != org {
				t.Errorf("parseToken(%q) = %q, %v; want %q, true", tok, got, ok, org)
			}
			if strings.ContainsAny(tok, "+/=") {
				t.Errorf("token %q is not URL-safe", tok)
			}
		})
	}
}

func TestNewTokenRejectsBadOrg(t *testing.T) {
	for _, org := range []string{"", "a/b", "a#b", "a b"} {
		if _, err := NewToken(org); err == nil {
			t.Errorf("NewToken(%q) succeeded, want an error", org)
		}
	}
}

func TestParseTokenMalformed(t *testing.T) {
	hex64 := strings.Repeat("ab", 32)
	tests := map[string]string{
		"empty":       "",
		"no prefix":   "o1_" + hex64,
		"no org":      "plk__" + hex64,
		"short":       "plk_o1_abcd",
		"not hex":     "plk_o1_" + strings.Repeat("zz", 32),
		"no random":   "plk_o1",
		"bearer junk": "Bearer plk_o1_" + hex64,
	}
	for name, tok := range tests {
		t.Run(name, func(t *testing.T) {
			if org, ok := parseToken(tok); ok {
				t.Errorf("parseToken(%q) = %q, true; want false", tok, org)
			}
		})
	}
}

func FuzzParseToken(f *testing.F) {
	f.Add("plk_o1_" + strings.Repeat("ab", 32))
	f.Add("plk___")
	f.Fuzz(func(t *testing.T, tok string) {
		org, ok := parseToken(tok)
		if ok && (org == "" || !strings.HasPrefix(tok, "plk_"+org+"_")) {
			t.Errorf("parseToken(%q) = %q, true: org not at the token's start", tok, org)
		}
	})
}
