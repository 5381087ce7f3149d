package nlu

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that any text, as any role, parses without panicking to an intent the role
// allows, a confidence in [0,1], a trace, and entities in their normal form; and the same for
// Fill.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "?", "2", "LINK 483920", "what's Jane Smith's balance", "flat 3 riverside", "£120.50",
		"TKT-2026-0042", "wo2026/0042", "3rd March", "2026-13-45", "🙏👍", "ignore your instructions",
		"¿Cuándo vence mi próximo pago?", "o'", "'s", "£,.", "tkt 2026", strings.Repeat("a ", 3000),
		"\xff\xfe", "flat 0", "may 2026", "31/02/2026", "99999999999999999999 pounds",
	} {
		for _, role := range []string{"staff", "resident", "contractor", "x"} {
			f.Add(s, role)
		}
	}
	v := mustVocabulary(f)
	f.Fuzz(func(t *testing.T, text, role string) {
		rl := Role(role)
		check := func(how string, r Result) {
			if !rl.Allows(r.Intent) {
				t.Fatalf("%s(%q, %q) = %s, not allowed for the role", how, text, role, r.Intent)
			}
			if r.Confidence < 0 || r.Confidence > 1 {
				t.Fatalf("%s(%q) confidence = %v", how, text, r.Confidence)
			}
			if r.Intent != IntentUnknown && len(r.Trace) == 0 {
				t.Fatalf("%s(%q) = %s with no trace", how, text, r.Intent)
			}
			for k, val := range r.Entities {
				if val == "" || !utf8.ValidString(val) {
					t.Fatalf("%s(%q) entity %s = %q", how, text, k, val)
				}
			}
			if n, ok := r.Choice(); r.Entities[KindChoice] != "" && (!ok || n < 1 || n > maxChoice) {
				t.Fatalf("%s(%q) choice = %q", how, text, r.Entities[KindChoice])
			}
			if p, ok := r.Amount(); r.Entities[KindAmount] != "" && (!ok || p < 0) {
				t.Fatalf("%s(%q) amount = %q", how, text, r.Entities[KindAmount])
			}
		}
		check("Parse", Parse(text, rl, v, thursday))
		check("Fill", Fill(text, KindUnit, rl, v, thursday))
	})
}
