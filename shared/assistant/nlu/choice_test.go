package nlu

import "testing"

func TestFindChoice(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int // 0 when not a choice
	}{
		{name: "digit", in: "2", want: 2},
		{name: "digit with dot", in: "2.", want: 2},
		{name: "hash", in: "#3", want: 3},
		{name: "option", in: "option 3", want: 3},
		{name: "ordinal word", in: "the second one", want: 2},
		{name: "ordinal digits", in: "2nd", want: 2},
		{name: "number word", in: "number two please", want: 2},
		{name: "first", in: "first", want: 1},
		{name: "one", in: "one", want: 1},
		{name: "largest", in: "20", want: 20},
		{name: "too large", in: "21"},
		{name: "zero", in: "0"},
		{name: "two numbers", in: "2 3"},
		{name: "other words", in: "flat 2"},
		{name: "empty", in: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, toks := lowToks(tt.in)
			got, _ := findChoice(toks)
			if got != tt.want {
				t.Errorf("findChoice(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestFindLinkCode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "link command", in: "LINK 483920", want: "483920"},
		{name: "bare", in: "483920", want: "483920"},
		{name: "split in threes", in: "my code is 483 920", want: "483920"},
		{name: "code word", in: "code: 123456 thanks", want: "123456"},
		{name: "five digits", in: "LINK 48392"},
		{name: "seven digits", in: "4839201"},
		{name: "among other words", in: "balance for flat 483920"},
		{name: "two codes", in: "483920 123456"},
		{name: "reference", in: "WO-2026-0042"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, toks := lowToks(tt.in)
			got, _ := findLinkCode(toks)
			if got.value != tt.want {
				t.Errorf("findLinkCode(%q) = %q, want %q", tt.in, got.value, tt.want)
			}
		})
	}
}
