package admin

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/assistant"
)

type fakeAIStore map[string]assistant.AISettings

func (f fakeAIStore) AISettings(_ context.Context, org string) (assistant.AISettings, error) {
	return f[org], nil
}

func (f fakeAIStore) PutAISettings(_ context.Context, org string, st assistant.AISettings) error {
	f[org] = st
	return nil
}

func TestSetAI(t *testing.T) {
	on, n := true, int64(5000)
	tests := []struct {
		name   string
		ch     AIChange
		want   assistant.AISettings
		says   string
		failed bool
	}{
		{name: "show: off by default", says: "AI layer enabled false"},
		{name: "switch on with a budget", ch: AIChange{Enabled: &on, DailyTokens: &n}, want: assistant.AISettings{Enabled: true, DailyTokens: 5000}, says: "daily budget 5000 tokens"},
		{name: "a negative budget", ch: AIChange{DailyTokens: func() *int64 { v := int64(-1); return &v }()}, failed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fakeAIStore{}
			var out bytes.Buffer
			err := SetAI(context.Background(), s, "o1", tt.ch, &out)
			if (err != nil) != tt.failed {
				t.Fatalf("err = %v", err)
			}
			if s["o1"] != tt.want {
				t.Errorf("stored %+v, want %+v", s["o1"], tt.want)
			}
			if !strings.Contains(out.String(), tt.says) {
				t.Errorf("printed %q, want %q", out.String(), tt.says)
			}
		})
	}
}
