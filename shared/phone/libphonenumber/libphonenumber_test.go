package libphonenumber_test

import (
	"errors"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/phone"
	_ "github.com/proplink/chat/shared/phone/libphonenumber"
)

// TestParse checks phone.Parse with libphonenumber registered, as ApiFunction links it.
func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{name: "seed number in Ofcom drama range", in: "+447700900123", ok: true},
		{name: "US number", in: "+12025550123", ok: true},
		{name: "non-geographic +800", in: "+80012345678", ok: true},
		{name: "spaces", in: "+44 7700 900123"},
		{name: "dashes", in: "+44-7700-900123"},
		{name: "no plus", in: "447700900123"},
		{name: "national format", in: "07700900123"},
		{name: "one digit too many for the UK", in: "+4477009001234"},
		{name: "too short for the UK", in: "+4420794601"},
		{name: "country code only", in: "+1"},
		{name: "plus only", in: "+"},
		{name: "letters", in: "+44770090012a"},
		{name: "all letters", in: "+phone"},
		{name: "empty", in: ""},
		{name: "leading zero country code", in: "+0447700900123"},
		{name: "unknown country code", in: "+999123456789"},
		{name: "arabic-indic digits", in: "+٤٤٧٧٠٠٩٠٠١٢٣"},
		{name: "fullwidth digits", in: "+４４７７００９００１２３"},
		{name: "trailing newline", in: "+447700900123\n"},
		{name: "leading space", in: " +447700900123"},
		{name: "sixteen digits", in: "+4477009001234567"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := phone.Parse(tt.in)
			if tt.ok {
				if err != nil {
					t.Fatalf("Parse(%q) error = %v, want nil", tt.in, err)
				}
				if got != tt.in {
					t.Errorf("Parse(%q) = %q, want the input unchanged", tt.in, got)
				}
				return
			}
			var e *messaging.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error = %v, want *messaging.Error", tt.in, err)
			}
			if got, want := e.Code, messaging.CodeInvalid; got != want {
				t.Errorf("code = %q, want %q", got, want)
			}
			if got, want := e.Message, messaging.MsgInvalidPhone; got != want {
				t.Errorf("message = %q, want %q", got, want)
			}
			if got != "" {
				t.Errorf("Parse(%q) = %q on error, want empty", tt.in, got)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"+447700900123", "+44 7700 900123", "447700900123", "+4477009001234", "+1", "", "+٤٤٧", "+12025550123", "+80012345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := phone.Parse(s)
		if err != nil {
			if messaging.ErrorCode(err) != messaging.CodeInvalid || messaging.ErrorMessage(err) != messaging.MsgInvalidPhone {
				t.Fatalf("Parse(%q) error = %v, want messaging.CodeInvalid with messaging.MsgInvalidPhone", s, err)
			}
			return
		}
		if got != s {
			t.Fatalf("Parse(%q) = %q, want the input unchanged", s, got)
		}
		if !messaging.IsE164(got) {
			t.Fatalf("Parse(%q) accepted a number that is not E.164", s)
		}
		if again, err := phone.Parse(got); err != nil || again != got {
			t.Fatalf("Parse is not idempotent on %q: %q, %v", got, again, err)
		}
		if messaging.WAID(got) != got[1:] {
			t.Fatalf("messaging.WAID(%q) = %q", got, messaging.WAID(got))
		}
	})
}
