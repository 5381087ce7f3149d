package phone

import (
	"slices"
	"testing"
)

func TestVariants(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{name: "UK E.164", in: "+447700900123", want: []string{"+447700900123"}},
		{name: "UK wa_id", in: "447700900123", want: []string{"+447700900123"}},
		{name: "Brazil wa_id without the ninth digit", in: "551187654321", want: []string{"+551187654321", "+5511987654321"}},
		{name: "Brazil E.164 with the ninth digit", in: "+5511987654321", want: []string{"+5511987654321", "+551187654321"}},
		{name: "Brazil landline keeps its form", in: "551133334444", want: []string{"+551133334444"}},
		{name: "Mexico wa_id with the old 1 (no longer dialled)", in: "5215512345678", want: []string{"+525512345678"}},
		{name: "Mexico E.164", in: "+525512345678", want: []string{"+525512345678"}},
		{name: "Argentina wa_id with 9", in: "5491123456789", want: []string{"+5491123456789", "+541123456789"}},
		{name: "garbage", in: "hello", want: nil},
		{name: "empty", in: "", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Variants(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Variants(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzVariants(f *testing.F) {
	for _, s := range []string{"+447700900123", "551187654321", "5215512345678", "5491123456789", "", "+", "55"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range Variants(s) {
			if got, err := Parse(v); err != nil || got != v {
				t.Fatalf("Variants(%q) gave %q, which Parse rejects: %v", s, v, err)
			}
		}
	})
}
