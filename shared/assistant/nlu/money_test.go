package nlu

import "testing"

func TestFindAmount(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int64 // -1 when no amount
	}{
		{name: "pounds and pence", in: "£120.50", want: 12050},
		{name: "thousands comma", in: "I paid £1,200 last week", want: 120000},
		{name: "one decimal", in: "£5.5", want: 550},
		{name: "word pounds", in: "120.50 pounds", want: 12050},
		{name: "quid", in: "120 quid", want: 12000},
		{name: "gbp before", in: "GBP 40", want: 4000},
		{name: "pence suffix", in: "50p", want: 50},
		{name: "pence word", in: "75 pence", want: 75},
		{name: "bare number is not money", in: "flat 3", want: -1},
		{name: "pound sign alone", in: "£", want: -1},
		{name: "three decimals", in: "£1.234", want: -1},
		{name: "p after a space is not pence", in: "2 p", want: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			low, toks := lowToks(tt.in)
			m, ok := findAmount(low, toks)
			got := int64(-1)
			if ok {
				got = m.pence
			}
			if got != tt.want {
				t.Errorf("findAmount(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}
