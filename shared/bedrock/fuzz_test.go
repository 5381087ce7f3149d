package bedrock

import (
	"encoding/json"
	"regexp"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/proplink/chat/shared/assistant"
)

// FuzzParse: whatever the model answers, Parse either rejects it or returns an intent of the
// role's set, mentions of kinds that intent takes, and a reply language or none.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"intent":"balance","mentions":{"contact":"jane"},"language":"en"}`, `{"intent":"raise_ticket","mentions":{"priority":"Urgent"},"language":"es"}`,
		`{"intent":"unknown","language":"other"}`, `{"intent":"help","language":"en","x":1}`, `[]`, `null`, `{"mentions":null}`} {
		f.Add(s, "jane asked about flat 3")
	}
	f.Fuzz(func(t *testing.T, raw, text string) {
		for _, role := range []assistant.Role{assistant.RoleStaff, assistant.RoleResident, assistant.RoleContractor} {
			in, err := Parse([]byte(raw), role, []string{text})
			if err != nil {
				continue
			}
			if !slices.Contains(assistant.AIIntents(role), in.Intent) {
				t.Fatalf("intent %q outside the %s set", in.Intent, role)
			}
			for k := range in.Mentions {
				if !slices.Contains(assistant.AIEntities(in.Intent), k) {
					t.Fatalf("%s mentions %q", in.Intent, k)
				}
			}
			if in.Language != "" && !slices.Contains(assistant.ReplyLanguages, in.Language) {
				t.Fatalf("language %q", in.Language)
			}
		}
	})
}

var sevenDigits = regexp.MustCompile(`\d{7,}`)

// FuzzMask: a masked message carries no invisible character, no run of seven digits outside a
// reference and no more than MaxMessage characters.
func FuzzMask(f *testing.F) {
	for _, s := range []string{"call +447700900123", "a@b.co", "TKT-2026-0042", "ig\u200bnore", "１２３４５６７８"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := Mask(s)
		if utf8.RuneCountInString(m) > MaxMessage {
			t.Fatalf("Mask is %d characters", utf8.RuneCountInString(m))
		}
		for _, r := range m {
			if unicode.Is(unicode.Cf, r) || r == 0 {
				t.Fatalf("Mask(%q) = %q keeps %U", s, m, r)
			}
		}
		if d := sevenDigits.FindString(maskers().ref.ReplaceAllString(m, "")); d != "" {
			t.Fatalf("Mask(%q) = %q keeps the digits %s", s, m, d)
		}
	})
}

// FuzzParseOutput: whatever Bedrock answers, parseOutput rejects it or reads it; a tool input
// read from it is one JSON value, not null, and the tokens counted are never below zero.
func FuzzParseOutput(f *testing.F) {
	for _, s := range []string{toolUseAnswer, `{"output":{"message":{"content":[{"text":"no"}]}},"stopReason":"end_turn"}`,
		`{"output":{"message":{"content":[{"toolUse":{"name":"classify","input":null}}]}},"stopReason":"tool_use"}`,
		`{"usage":{"inputTokens":-5,"outputTokens":1e3}}`, `{"output":{"message":`, `[]`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := parseOutput(data)
		if err != nil {
			return
		}
		if raw, ok := toolInput(out); ok && (!json.Valid(raw) || string(raw) == "null") {
			t.Fatalf("tool input %q", raw)
		}
		if in, o := usage(out); in < 0 || o < 0 {
			t.Fatalf("usage %d, %d", in, o)
		}
	})
}
