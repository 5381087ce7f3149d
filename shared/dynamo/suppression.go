package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// suppressKey is a person's suppression record in an organisation:
// ORG#<org>#SUPPRESS#<e164> / SUPPRESS. It has no TTL: an opt-out holds until lifted.
func suppressKey(org, phone string) key { return key{orgPK(org) + "#SUPPRESS#" + phone, "SUPPRESS"} }

// suppressionItem is what a person has asked not to receive.
type suppressionItem struct {
	key
	Phone            string    `dynamodbav:"phone"`
	OptedOut         bool      `dynamodbav:"opted_out"`
	OptedOutAt       time.Time `dynamodbav:"opted_out_at"`
	MarketingStopped bool      `dynamodbav:"marketing_stopped"`
	MarketingReason  string    `dynamodbav:"marketing_reason"`
}

func (it suppressionItem) suppression(phone string) messaging.Suppression {
	return messaging.Suppression{
		Phone: phone, OptedOut: it.OptedOut, OptedOutAt: it.OptedOutAt,
		MarketingStopped: it.MarketingStopped, MarketingReason: it.MarketingReason,
	}
}

func decodeSuppression(av map[string]ddb.AttributeValue, phone string) (messaging.Suppression, error) {
	if av == nil {
		return messaging.Suppression{Phone: phone}, nil
	}
	var it suppressionItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return messaging.Suppression{}, fmt.Errorf("decode suppression: %w", err)
	}
	return it.suppression(phone), nil
}

// GetSuppression returns what the person has asked not to receive; nothing when absent.
func (s *Store) GetSuppression(ctx context.Context, orgID, phone string) (messaging.Suppression, error) {
	var it suppressionItem
	found, err := s.get(ctx, suppressKey(orgID, phone), false, &it)
	if err != nil {
		return messaging.Suppression{}, fmt.Errorf("dynamo: get suppression of %s in %s: %w", messaging.MaskPhone(phone), orgID, err)
	}
	if !found {
		return messaging.Suppression{Phone: phone}, nil
	}
	return it.suppression(phone), nil
}

// SetOptOut records a person's STOP (optedOut true) or START (false) said at at: one
// conditional UpdateItem. A keyword older than the one recorded (a webhook delivered late)
// changes nothing.
func (s *Store) SetOptOut(ctx context.Context, orgID, phone string, optedOut bool, at time.Time) error {
	u := newUpdate()
	u.set("phone", sv(phone))
	u.set("opted_out", &ddb.AttributeValueMemberBOOL{Value: optedOut})
	u.set("opted_out_at", timeAV(at))
	u.set("opted_out_ms", nv(at.UnixMilli()))
	u.condition("attribute_not_exists(#opted_out_ms) OR #opted_out_ms <= :opted_out_ms")
	_, err := s.db.UpdateItem(ctx, u.input(s.table, suppressKey(orgID, phone)))
	if _, stale := conditionFailed(err); err != nil && !stale {
		return fmt.Errorf("dynamo: set opt-out of %s in %s: %w", messaging.MaskPhone(phone), orgID, err)
	}
	return nil
}

// SetMarketingStop records that a person stopped (true) or resumed (false) marketing messages,
// with why (Meta's preference signal, error 131050), said at at: one conditional UpdateItem. A
// change older than the one recorded (a webhook delivered late) changes nothing.
func (s *Store) SetMarketingStop(ctx context.Context, orgID, phone string, stopped bool, reason string, at time.Time) error {
	u := newUpdate()
	u.set("phone", sv(phone))
	u.set("marketing_stopped", &ddb.AttributeValueMemberBOOL{Value: stopped})
	u.set("marketing_reason", sv(reason))
	u.set("marketing_at", timeAV(at))
	u.set("marketing_ms", nv(at.UnixMilli()))
	u.condition("attribute_not_exists(#marketing_ms) OR #marketing_ms <= :marketing_ms")
	_, err := s.db.UpdateItem(ctx, u.input(s.table, suppressKey(orgID, phone)))
	if _, stale := conditionFailed(err); err != nil && !stale {
		return fmt.Errorf("dynamo: set marketing stop of %s in %s: %w", messaging.MaskPhone(phone), orgID, err)
	}
	return nil
}
