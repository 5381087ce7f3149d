package whatsapp

import "testing"

// Twilio's codes reach Class from status callbacks too, where no HTTP status says anything.
func TestClassTwilioCodes(t *testing.T) {
	tests := []struct {
		name string
		code int
		want Class
	}{
		{"63016 outside the window", 63016, Permanent},
		{"63018 rate limit", 63018, Pace},
		{"20429 too many requests", 20429, Pace},
		{"20003 authentication", 20003, Auth},
		{"21211 invalid number", 21211, Permanent},
		{"21614 not a mobile number", 21614, Permanent},
		{"63024 invalid recipient", 63024, Permanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (&Error{Code: tt.code}).Class(); got != tt.want {
				t.Errorf("class of %d: got %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}
