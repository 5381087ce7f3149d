package messaging

import (
	"strings"
	"testing"
	"time"
)

func TestConversationWindow(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		last time.Time
		want bool
	}{
		{"never wrote", time.Time{}, false},
		{"just now", now, true},
		{"23h59m ago", now.Add(-CustomerServiceWindow + time.Minute), true},
		{"exactly 24h ago", now.Add(-CustomerServiceWindow), false},
		{"25h ago", now.Add(-25 * time.Hour), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Conversation{LastInboundAt: tt.last}).WindowOpen(now); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConversationIDHidesThePhone(t *testing.T) {
	a := ConversationID("o1", "pn1", "+447700900123")
	if a != ConversationID("o1", "pn1", "+447700900123") {
		t.Error("not stable")
	}
	for _, other := range []string{ConversationID("o2", "pn1", "+447700900123"), ConversationID("o1", "pn2", "+447700900123"), ConversationID("o1", "pn1", "+447700900124")} {
		if other == a {
			t.Errorf("%s: collides across organisation, number or person", other)
		}
	}
	if strings.Contains(a, "447700900123") || len(a) != 25 {
		t.Errorf("got %q, want 25 characters without the number", a)
	}
}

func TestSuppressionCheckTemplate(t *testing.T) {
	tests := []struct {
		name     string
		s        Suppression
		category string
		want     string
	}{
		{"none", Suppression{}, "MARKETING", ""},
		{"stop refuses utility", Suppression{OptedOut: true}, "UTILITY", MsgOptedOut},
		{"marketing stop refuses marketing", Suppression{MarketingStopped: true}, "MARKETING", MsgMarketingStopped},
		{"marketing stop lets utility go", Suppression{MarketingStopped: true}, "UTILITY", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.CheckTemplate(tt.category)
			got := ""
			if err != nil {
				got = ErrorMessage(err)
				if ErrorCode(err) != CodeUnprocessable {
					t.Errorf("code: got %s, want unprocessable", ErrorCode(err))
				}
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
