package messaging

import (
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
