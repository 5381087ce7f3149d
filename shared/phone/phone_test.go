package phone

import (
	"testing"

	"github.com/proplink/chat/shared/messaging"
)

// TestParseWithoutLibphonenumber checks Parse in a program that links no number check: the
// shape is still refused as the contract says, and a well-shaped number is an internal error
// (never accepted unchecked).
func TestParseWithoutLibphonenumber(t *testing.T) {
	tests := []struct {
		name     string
		checker  Checker
		in       string
		wantCode messaging.Code
	}{
		{name: "bad shape, no check linked", in: "+44 7700 900123", wantCode: messaging.CodeInvalid},
		{name: "good shape, no check linked", in: "+447700900123", wantCode: messaging.CodeInternal},
		{name: "check refuses", checker: func(string) bool { return false }, in: "+447700900123", wantCode: messaging.CodeInvalid},
		{name: "check accepts", checker: func(string) bool { return true }, in: "+447700900123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev := checker
			t.Cleanup(func() { Register(prev) })
			Register(tt.checker)
			got, err := Parse(tt.in)
			if tt.wantCode == "" {
				if err != nil || got != tt.in {
					t.Fatalf("Parse(%q) = %q, %v; want it unchanged", tt.in, got, err)
				}
				return
			}
			if gotCode := messaging.ErrorCode(err); gotCode != tt.wantCode || got != "" {
				t.Errorf("Parse(%q) = %q, code %q; want code %q", tt.in, got, gotCode, tt.wantCode)
			}
		})
	}
}
