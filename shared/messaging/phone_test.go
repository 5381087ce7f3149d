package messaging

import (
	"slices"
	"strings"
	"testing"
)

func TestWAIDAndMaskPhone(t *testing.T) {
	tests := []struct {
		in, waid, mask string
	}{
		{in: "+447700900123", waid: "447700900123", mask: "+44******123"},
		{in: "447700900123", waid: "447700900123", mask: "447******123"},
		{in: "+1234", waid: "1234", mask: "***"},
		{in: "", waid: "", mask: "***"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := WAID(tt.in); got != tt.waid {
				t.Errorf("WAID(%q) = %q, want %q", tt.in, got, tt.waid)
			}
			if got := MaskPhone(tt.in); got != tt.mask {
				t.Errorf("MaskPhone(%q) = %q, want %q", tt.in, got, tt.mask)
			}
		})
	}
}

func TestNumberVariants(t *testing.T) {
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
		{name: "Mexico wa_id with the old 1, as WhatsApp may store it", in: "5215512345678", want: []string{"+5215512345678", "+525512345678"}},
		{name: "Mexico E.164", in: "+525512345678", want: []string{"+525512345678", "+5215512345678"}},
		{name: "Argentina wa_id with 9", in: "5491123456789", want: []string{"+5491123456789", "+541123456789"}},
		{name: "garbage", in: "hello", want: nil},
		{name: "too long", in: "+4477009001234567", want: nil},
		{name: "empty", in: "", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NumberVariants(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("NumberVariants(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsE164(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"+447700900123", true}, {"+12025550", true}, {"+123456789012345", true},
		{"+1234567", false}, {"+1234567890123456", false}, {"447700900123", false}, {"+0447700900123", false},
		{"+44 7700 900123", false}, {"+44770090012a", false}, {"+٤٤٧٧٠٠٩٠٠١٢٣", false}, {"", false}, {"+", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := IsE164(tt.in); got != tt.want {
				t.Errorf("IsE164(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzNumberVariants(f *testing.F) {
	for _, s := range []string{"+447700900123", "551187654321", "5215512345678", "5491123456789", "", "+", "55"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NumberVariants(s)
		for _, v := range got {
			if !IsE164(v) {
				t.Fatalf("NumberVariants(%q) gave %q, not E.164", s, v)
			}
		}
		if len(got) > 0 && WAID(got[0]) != strings.TrimPrefix(strings.TrimSpace(s), "+") {
			t.Fatalf("NumberVariants(%q)[0] = %q, want the number itself first", s, got[0])
		}
	})
}
