package nlu

import (
	"math"
	"testing"
)

func TestJaroWinkler(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"martha", "marhta", 0.961},
		{"dwayne", "duane", 0.84},
		{"dixon", "dicksonx", 0.813},
		{"same", "same", 1},
		{"abc", "", 0},
		{"abc", "xyz", 0},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			if got := jaroWinkler(tt.a, tt.b); math.Abs(got-tt.want) > 0.001 {
				t.Errorf("jaroWinkler(%q, %q) = %.3f, want %.3f", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"balance", "balnce", 2, 1},
		{"arrears", "arreras", 2, 1},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3},
		{"lounge", "account", 1, 2},
		{"", "abc", 3, 3},
		{"abc", "abc", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			if got := editDistance(tt.a, tt.b, tt.limit); got != tt.want {
				t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
			}
		})
	}
}

// TestCorrect checks typo correction, and that words beyond the edit limit are left alone (a
// bug once read "lounge" as "account" and "estoy" as "accept").
func TestCorrect(t *testing.T) {
	tests := []struct{ in, want string }{
		{"balnce", "balance"},
		{"arrers", "arrears"},
		{"compleeted", "completed"},
		{"leek", "leak"},
		{"spnd", "spend"},
		{"paymnet", "payment"},
		{"lounge", "lounge"},
		{"estoy", "estoy"},
		{"weather", "weather"},
		{"asdfghjkl", "asdfghjkl"},
		{"there", "there"},
		{"gone", "gone"},
		{"option", "option"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got, _ := correct(tt.in); got != tt.want {
				t.Errorf("correct(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
