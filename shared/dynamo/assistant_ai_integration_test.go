//go:build integration

package dynamo

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/proplink/chat/shared/assistant"
)

func TestAISettingsDefaultOff(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	got, err := s.AISettings(ctx, "o-ai")
	if err != nil || got.Enabled || got.ReplyInLanguage {
		t.Fatalf("AISettings of none: got %+v, %v; want off", got, err)
	}
	want := assistant.AISettings{Enabled: true, ReplyInLanguage: true, DailyTokens: 5000}
	if err := s.PutAISettings(ctx, "o-ai", want); err != nil {
		t.Fatal(err)
	}
	if got, err := s.AISettings(ctx, "o-ai"); err != nil || got != want {
		t.Errorf("AISettings: got %+v, %v; want %+v", got, err, want)
	}
	if got, _ := s.AISettings(ctx, "o-other"); got.Enabled {
		t.Errorf("another organisation's settings: got %+v, want off", got)
	}
}

// TestAITokenBudgetHoldsUnderConcurrency: twenty reservations of 100 tokens race for a
// 1,000-token day; exactly ten succeed, the count never passes the limit, and a settlement
// gives back what a call did not use.
func TestAITokenBudgetHoldsUnderConcurrency(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	var ok, spent atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			granted, err := s.ReserveAITokens(ctx, "o-b", "2026-11-24", 100, 1000, at0)
			switch {
			case err != nil:
				t.Error(err)
			case granted:
				ok.Add(1)
			default:
				spent.Add(1)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 10 || spent.Load() != 10 {
		t.Errorf("reservations: %d granted, %d refused; want 10 and 10", ok.Load(), spent.Load())
	}
	if got, _ := s.AITokens(ctx, "o-b", "2026-11-24"); got != 1000 {
		t.Errorf("count = %d, want 1000", got)
	}
	if err := s.SettleAITokens(ctx, "o-b", "2026-11-24", -250); err != nil {
		t.Fatal(err)
	}
	if granted, err := s.ReserveAITokens(ctx, "o-b", "2026-11-24", 200, 1000, at0); !granted || err != nil {
		t.Errorf("after settling 250 back, 200 more: got %v, %v; want granted", granted, err)
	}
	if granted, err := s.ReserveAITokens(ctx, "o-b", "2026-11-24", 100, 1000, at0); granted || err != nil {
		t.Errorf("past the limit: got %v, %v; want refused", granted, err)
	}
	if got, _ := s.AITokens(ctx, "o-b", "2026-11-25"); got != 0 {
		t.Errorf("the next day's count = %d, want 0", got)
	}
	if got, _ := s.AITokens(ctx, "o-other", "2026-11-24"); got != 0 {
		t.Errorf("another organisation's count = %d, want 0", got)
	}
}
