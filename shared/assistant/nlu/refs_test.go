package nlu

import (
	"strings"
	"testing"
)

func lowToks(s string) (string, []token) {
	low := strings.ToLower(s)
	return low, tokenize(low)
}

func TestFindRefs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		kind EntityKind
		want string // "" when no reference
	}{
		{name: "canonical ticket", in: "TKT-2026-0042", kind: KindTicket, want: "TKT-2026-0042"},
		{name: "spaces and short number", in: "tkt 2026 42", kind: KindTicket, want: "TKT-2026-0042"},
		{name: "word ticket", in: "ticket 2026-0107 please", kind: KindTicket, want: "TKT-2026-0107"},
		{name: "no separators", in: "TKT20260107", kind: KindTicket, want: "TKT-2026-0107"},
		{name: "hash", in: "ticket #2026-42", kind: KindTicket, want: "TKT-2026-0042"},
		{name: "work order slash", in: "wo2026/51", kind: KindWorkOrder, want: "WO-2026-0051"},
		{name: "work order words", in: "work order 2026-0042 done", kind: KindWorkOrder, want: "WO-2026-0042"},
		{name: "invoice", in: "pay inv 2026 311", kind: KindInvoice, want: "INV-2026-0311"},
		{name: "five-digit number kept", in: "WO-2026-12345", kind: KindWorkOrder, want: "WO-2026-12345"},
		{name: "year out of range", in: "TKT-1999-0042", kind: KindTicket},
		{name: "no year", in: "WO-42", kind: KindWorkOrder},
		{name: "number zero", in: "TKT-2026-0000", kind: KindTicket},
		{name: "prefix alone", in: "what is a tkt", kind: KindTicket},
		{name: "number too long", in: "TKT-2026-1234567", kind: KindTicket},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, toks := lowToks(tt.in)
			got := ""
			for _, r := range findRefs(toks) {
				if r.kind == tt.kind {
					got = r.value
					break
				}
			}
			if got != tt.want {
				t.Errorf("findRefs(%q) %s = %q, want %q", tt.in, tt.kind, got, tt.want)
			}
		})
	}
}
