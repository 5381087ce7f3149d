package admin

import (
	"context"
	"fmt"
	"io"

	"github.com/proplink/chat/shared/assistant"
)

// AIStore keeps organisations' careful AI layer settings.
type AIStore interface {
	AISettings(ctx context.Context, orgID string) (assistant.AISettings, error)
	PutAISettings(ctx context.Context, orgID string, st assistant.AISettings) error
}

// AIChange is what an operator changes in an organisation's AI layer settings: nil fields keep
// the stored value.
type AIChange struct {
	Enabled         *bool
	ReplyInLanguage *bool
	DailyTokens     *int64
}

// SetAI applies ch to the organisation's AI layer settings (nothing to apply only shows them)
// and prints the result to w.
func SetAI(ctx context.Context, s AIStore, orgID string, ch AIChange, w io.Writer) error {
	st, err := s.AISettings(ctx, orgID)
	if err != nil {
		return fmt.Errorf("admin: AI settings of %s: %w", orgID, err)
	}
	if ch.Enabled != nil || ch.ReplyInLanguage != nil || ch.DailyTokens != nil {
		if ch.Enabled != nil {
			st.Enabled = *ch.Enabled
		}
		if ch.ReplyInLanguage != nil {
			st.ReplyInLanguage = *ch.ReplyInLanguage
		}
		if ch.DailyTokens != nil {
			if *ch.DailyTokens < 0 {
				return fmt.Errorf("admin: a daily token budget cannot be negative")
			}
			st.DailyTokens = *ch.DailyTokens
		}
		if err := s.PutAISettings(ctx, orgID, st); err != nil {
			return fmt.Errorf("admin: AI settings of %s: %w", orgID, err)
		}
	}
	budget := "the deployment's default (AssistantAIDailyTokens)"
	if st.DailyTokens > 0 {
		budget = fmt.Sprintf("%d tokens", st.DailyTokens)
	}
	_, err = fmt.Fprintf(w, "%s: AI layer enabled %v, replies in the person's language %v (%v), daily budget %s\n",
		orgID, st.Enabled, st.ReplyInLanguage, assistant.ReplyLanguages, budget)
	return err
}
