package meta

import (
	"net/url"
	"strings"
	"testing"
)

func TestVerifyChallenge(t *testing.T) {
	const token = "s3cret-verify-token"
	q := func(mode, tok, challenge string) url.Values {
		v := url.Values{}
		v.Set("hub.mode", mode)
		v.Set("hub.verify_token", tok)
		v.Set("hub.challenge", challenge)
		return v
	}
	tests := []struct {
		name   string
		q      url.Values
		token  string
		want   string
		wantOK bool
	}{
		{"valid", q("subscribe", token, "1158201444"), token, "1158201444", true},
		{"alphanumeric challenge", q("subscribe", token, "abc-DEF_1.2"), token, "abc-DEF_1.2", true},
		{"max length", q("subscribe", token, strings.Repeat("9", MaxChallengeLen)), token, strings.Repeat("9", MaxChallengeLen), true},
		{"wrong token", q("subscribe", "guess", "1158201444"), token, "", false},
		{"token prefix", q("subscribe", token[:5], "1158201444"), token, "", false},
		{"empty configured token", q("subscribe", "", "1158201444"), "", "", false},
		{"wrong mode", q("unsubscribe", token, "1158201444"), token, "", false},
		{"no mode", url.Values{"hub.verify_token": {token}, "hub.challenge": {"1"}}, token, "", false},
		{"empty challenge", q("subscribe", token, ""), token, "", false},
		{"too long", q("subscribe", token, strings.Repeat("9", MaxChallengeLen+1)), token, "", false},
		{"html challenge", q("subscribe", token, "<script>alert(1)</script>"), token, "", false},
		{"non-ascii challenge", q("subscribe", token, "12ä"), token, "", false},
		{"newline challenge", q("subscribe", token, "12\r\nX-Evil: 1"), token, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := VerifyChallenge(tt.q, tt.token)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("VerifyChallenge = (%q, %v), want (%q, %v)", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func FuzzVerifyChallenge(f *testing.F) {
	f.Add("subscribe", "tok", "1158201444", "tok")
	f.Add("subscribe", "", "", "")
	f.Add("subscribe", "tok", "<b>", "tok")
	f.Fuzz(func(t *testing.T, mode, tok, challenge, configured string) {
		q := url.Values{"hub.mode": {mode}, "hub.verify_token": {tok}, "hub.challenge": {challenge}}
		got, ok := VerifyChallenge(q, configured)
		if !ok {
			if got != "" {
				t.Fatalf("refused but returned %q", got)
			}
			return
		}
		if mode != "subscribe" || configured == "" || tok != configured || got != challenge {
			t.Fatalf("accepted mode=%q tok=%q configured=%q -> %q", mode, tok, configured, got)
		}
		if len(got) == 0 || len(got) > MaxChallengeLen || strings.ContainsAny(got, "<>\"'&\r\n ") {
			t.Fatalf("unsafe challenge echoed: %q", got)
		}
	})
}
