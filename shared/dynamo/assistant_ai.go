package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/ddb"
)

// skAISettings is the sort key of an organisation's AI layer settings (PK ORG#<org>).
const skAISettings = "SETTINGS#AI"

// aiBudgetTTL keeps a day's token count two days past the day, then TTL deletes it.
const aiBudgetTTL = 48 * time.Hour

// aiSettingsItem is an organisation's careful AI layer settings.
type aiSettingsItem struct {
	key
	Enabled         bool  `dynamodbav:"enabled"`
	ReplyInLanguage bool  `dynamodbav:"reply_in_language"`
	DailyTokens     int64 `dynamodbav:"daily_tokens"`
}

func aiBudgetKey(org, day string) key { return key{orgPK(org) + "#AITOKENS#" + day, "AITOKENS"} }

// AISettings returns the organisation's AI layer settings: one GetItem; none stored is the
// default, off.
func (s *Store) AISettings(ctx context.Context, orgID string) (assistant.AISettings, error) {
	var it aiSettingsItem
	if _, err := s.get(ctx, key{orgPK(orgID), skAISettings}, false, &it); err != nil {
		return assistant.AISettings{}, fmt.Errorf("dynamo: AI settings of %s: %w", orgID, err)
	}
	return assistant.AISettings{Enabled: it.Enabled, ReplyInLanguage: it.ReplyInLanguage, DailyTokens: it.DailyTokens}, nil
}

// PutAISettings stores the organisation's AI layer settings: one PutItem.
func (s *Store) PutAISettings(ctx context.Context, orgID string, st assistant.AISettings) error {
	if orgID == "" || st.DailyTokens < 0 {
		return errors.New("dynamo: put AI settings: no organisation, or a negative budget")
	}
	it := aiSettingsItem{key: key{orgPK(orgID), skAISettings}, Enabled: st.Enabled, ReplyInLanguage: st.ReplyInLanguage, DailyTokens: st.DailyTokens}
	if err := s.put(ctx, it); err != nil {
		return fmt.Errorf("dynamo: put AI settings of %s: %w", orgID, err)
	}
	return nil
}

// ReserveAITokens adds n tokens to the organisation's count for day (YYYY-MM-DD, UTC) if the
// count stays within limit, and reports whether it did: one conditional UpdateItem (ADD),
// atomic under concurrency. A count that would pass the limit is not granted and nothing is
// added.
func (s *Store) ReserveAITokens(ctx context.Context, orgID, day string, n, limit int64, now time.Time) (bool, error) {
	if n > limit {
		return false, nil
	}
	_, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName: aws.String(s.table), Key: aiBudgetKey(orgID, day).av(),
		UpdateExpression:    aws.String("ADD tokens :n SET expires_at = if_not_exists(expires_at, :exp)"),
		ConditionExpression: aws.String("attribute_not_exists(tokens) OR tokens <= :room"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":n": nv(n), ":room": nv(limit - n), ":exp": nv(now.Add(aiBudgetTTL).Unix()),
		},
	})
	var failed *ddb.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("dynamo: reserve %d AI tokens of %s on %s: %w", n, orgID, day, err)
	}
	return true, nil
}

// SettleAITokens corrects the organisation's count for day by delta (the tokens a call used
// minus what was reserved for it, often negative): one unconditional UpdateItem (ADD).
func (s *Store) SettleAITokens(ctx context.Context, orgID, day string, delta int64) error {
	if delta == 0 {
		return nil
	}
	_, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName: aws.String(s.table), Key: aiBudgetKey(orgID, day).av(),
		UpdateExpression:          aws.String("ADD tokens :d"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":d": nv(delta)},
	})
	if err != nil {
		return fmt.Errorf("dynamo: settle AI tokens of %s on %s: %w", orgID, day, err)
	}
	return nil
}

// AITokens returns the organisation's count for day: one consistent GetItem (0 when none).
func (s *Store) AITokens(ctx context.Context, orgID, day string) (int64, error) {
	var it struct {
		Tokens int64 `dynamodbav:"tokens"`
	}
	if _, err := s.get(ctx, aiBudgetKey(orgID, day), true, &it); err != nil {
		return 0, fmt.Errorf("dynamo: AI tokens of %s on %s: %w", orgID, day, err)
	}
	return it.Tokens, nil
}
