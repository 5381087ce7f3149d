package simulator

import (
	"strings"
	"testing"
)

func TestValidateText(t *testing.T) {
	base := func(body *TextRef) SendRequest {
		return SendRequest{MessagingProduct: "whatsapp", To: "447700900123", Type: "text", Text: body}
	}
	tests := []struct {
		name     string
		req      SendRequest
		wantCode int // 0: accepted
	}{
		{"plain", base(&TextRef{Body: "hello"}), 0},
		{"missing_text", base(nil), 100},
		{"blank_body", base(&TextRef{Body: "  "}), 100},
		{"too_long", base(&TextRef{Body: strings.Repeat("é", maxTextBody+1)}), 100},
		{"longest", base(&TextRef{Body: strings.Repeat("é", maxTextBody)}), 0},
	}
	s := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, e := s.validate(tt.req)
			got := 0
			if e != nil {
				got = e.Code
			}
			if got != tt.wantCode {
				t.Errorf("code: got %d, want %d (%v)", got, tt.wantCode, e)
			}
		})
	}
}
