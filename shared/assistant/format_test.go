package assistant

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMoney(t *testing.T) {
	for in, want := range map[int64]string{
		0: "£0.00", 5: "£0.05", 123456: "£1,234.56", -1200: "-£12.00", 100000000: "£1,000,000.00", 99999: "£999.99",
	} {
		if got := money(in); got != want {
			t.Errorf("money(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestDay(t *testing.T) {
	for in, want := range map[string]string{"2026-03-03": "Tue 3 Mar 2026", "2026-12-25": "Fri 25 Dec 2026", "soon": "soon"} {
		if got := day(in); got != want {
			t.Errorf("day(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := month("2026-03"), "March 2026"; got != want {
		t.Errorf("month: got %q, want %q", got, want)
	}
}

func TestFit(t *testing.T) {
	long := strings.Repeat("é", 5000)
	t.Run("with buttons", func(t *testing.T) {
		r := fit(Reply{Text: long, Buttons: []Button{{"a", "A very long button title here"}, {"b", "B"}, {"c", "C"}, {"d", "D"}}})
		if got := utf8.RuneCountInString(r.Text); got != maxTextWithButtons {
			t.Errorf("text runes = %d, want %d", got, maxTextWithButtons)
		}
		if got := len(r.Buttons); got != 3 {
			t.Errorf("buttons = %d, want 3", got)
		}
		if got := utf8.RuneCountInString(r.Buttons[0].Title); got > maxButtonTitle {
			t.Errorf("title runes = %d, want ≤ %d", got, maxButtonTitle)
		}
	})
	t.Run("without buttons", func(t *testing.T) {
		if got := utf8.RuneCountInString(fit(Reply{Text: long}).Text); got != maxText {
			t.Errorf("text runes = %d, want %d", got, maxText)
		}
	})
}
