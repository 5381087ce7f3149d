package assistant

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzHandle feeds any text and button id, from every kind of number, through a turn and the
// turn after it: no error, at most one reply each, within WhatsApp's limits, and no write
// outside the demo organisation.
func FuzzHandle(f *testing.F) {
	for _, s := range [][2]string{
		{"hi", ""}, {"LINK 483920", ""}, {"", "wo:accept:WO-2026-0060"}, {"", "wo:accept:wo-2026-0901"},
		{"", "choice:99"}, {"", "choice:-1"}, {"", "confirm:yes"}, {"", "role:staff"}, {"2", "role:"},
		{strings.Repeat("é", 5000), ""}, {"link code: 123456", "wo::"},
	} {
		f.Add(s[0], s[1], uint8(0))
	}
	phones := []string{phoneAlex, phoneSita, phoneJane, phonePriya, phoneSam, phoneBob, phoneNone}
	f.Fuzz(func(t *testing.T, text, button string, who uint8) {
		w := newWorld(t)
		phone := phones[int(who)%len(phones)]
		for _, tu := range []Turn{w.turn(phone, text), w.turn(phone, "yes")} {
			if button != "" && tu.Text == text {
				tu.ButtonID = button
			}
			rs := w.send(tu)
			if len(rs) > 1 {
				t.Fatalf("replies = %d, want at most 1", len(rs))
			}
			for _, r := range rs {
				limit := maxText
				if len(r.Buttons) > 0 {
					limit = maxTextWithButtons
				}
				if utf8.RuneCountInString(r.Text) > limit || len(r.Buttons) > 3 {
					t.Fatalf("reply over the limits: %d runes, %d buttons", utf8.RuneCountInString(r.Text), len(r.Buttons))
				}
				for _, b := range r.Buttons {
					if utf8.RuneCountInString(b.Title) > maxButtonTitle {
						t.Fatalf("button title %q over %d", b.Title, maxButtonTitle)
					}
				}
			}
		}
		for _, ref := range w.plat.updated {
			if !strings.HasPrefix(ref, demoOrg+"|") {
				t.Fatalf("write outside the organisation: %s", ref)
			}
		}
	})
}
