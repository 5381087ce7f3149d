package messaging

import (
	"strings"
	"testing"
)

func TestChatLinkCodeRoundTrip(t *testing.T) {
	for range 50 {
		code, err := NewChatLinkCode()
		if err != nil {
			t.Fatal(err)
		}
		l := ChatLink{Code: code, Kind: ChatLinkStaff, TargetID: "u1", Label: "Sam at Riverside"}
		got, ok := FindChatLinkCode(ChatLinkText(l))
		if !ok || got != code {
			t.Fatalf("FindChatLinkCode(%q) = %q, %v; want %q", ChatLinkText(l), got, ok, code)
		}
	}
}

func TestFindChatLinkCode(t *testing.T) {
	tests := []struct {
		text, want string
		ok         bool
	}{
		{"Hello Sam (ref PL-7K3Q9X)", "PL-7K3Q9X", true},
		{"ref PL-7K3Q9X please call me", "PL-7K3Q9X", true},
		{"Hello (ref PL-7K3Q9)", "", false},        // too short
		{"Hello (ref PL-7K3Q9XY)", "", false},      // too long
		{"Hello (ref PL-7K3O9X)", "", false},       // O is not in the alphabet
		{"Hello (REF PL-7K3Q9X)", "", false},       // only the text the link prefills
		{"my reference PL-7K3Q9X", "", false},      // not "ref"
		{"Hello, the boiler is broken", "", false}, // no code
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, ok := FindChatLinkCode(tt.text)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestChatLinkURL(t *testing.T) {
	l := ChatLink{Code: "PL-7K3Q9X", Kind: ChatLinkSite, TargetID: "s1", Label: "Riverside Court"}
	got := ChatLinkURL("+44 7700 900001", l)
	want := "https://wa.me/447700900001?text=Hello+Riverside+Court+%28ref+PL-7K3Q9X%29"
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if l.Queue() != "site:s1" {
		t.Errorf("queue %q, want site:s1", l.Queue())
	}
}

func FuzzFindChatLinkCode(f *testing.F) {
	for _, s := range []string{"Hello (ref PL-7K3Q9X)", "ref PL-", "PL-ABCDEF", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		code, ok := FindChatLinkCode(text)
		if ok && (len(code) != 9 || !strings.HasPrefix(code, "PL-") || !strings.Contains(text, code)) {
			t.Fatalf("FindChatLinkCode(%q) = %q", text, code)
		}
	})
}
