package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/messaging"
)

// Handovers keeps staff's hold on conversations (the conversation item's staff_until, in the
// fixed-width time layout so that conditions compare it as text) and the flags that show a
// conversation to staff (assistant.Handovers).
type Handovers struct{ s *Store }

var _ assistant.Handovers = (*Handovers)(nil)

// Handovers returns the store's handovers.
func (s *Store) Handovers() *Handovers { return &Handovers{s} }

// StaffActive reports whether staff have the conversation at now: one consistent GetItem of
// its staff_until. A conversation that does not exist is not held.
func (h *Handovers) StaffActive(ctx context.Context, orgID, conversationID string, now time.Time) (bool, error) {
	res, err := h.s.db.GetItem(ctx, &ddb.GetItemInput{
		TableName: aws.String(h.s.table), Key: convKey(orgID, conversationID).av(),
		ConsistentRead: aws.Bool(true), ProjectionExpression: aws.String("staff_until"),
	})
	if err != nil {
		return false, fmt.Errorf("dynamo: handover of %s in %s: %w", conversationID, orgID, err)
	}
	if res.Item == nil {
		return false, nil
	}
	var until time.Time
	if v, ok := res.Item["staff_until"].(*ddb.AttributeValueMemberS); ok {
		if until, err = time.Parse(time.RFC3339Nano, v.Value); err != nil {
			return false, fmt.Errorf("dynamo: handover of %s in %s: staff_until %q: %w", conversationID, orgID, v.Value, err)
		}
	}
	return now.Before(until), nil
}

// HandOver gives the conversation to staff until until (messaging.HandoverHold from now for an
// explicit handover): one conditional UpdateItem; a conversation that does not exist (or is
// another organisation's) is CodeNotFound.
func (h *Handovers) HandOver(ctx context.Context, orgID, conversationID string, until time.Time) error {
	return h.convUpdate(ctx, orgID, conversationID, "SET staff_until = :until", "attribute_exists(PK)",
		map[string]ddb.AttributeValue{":until": sv(convTime(until))}, true)
}

// GiveBack ends staff's hold on the conversation at once: one conditional UpdateItem; a
// conversation that does not exist is CodeNotFound.
func (h *Handovers) GiveBack(ctx context.Context, orgID, conversationID string) error {
	return h.convUpdate(ctx, orgID, conversationID, "REMOVE staff_until", "attribute_exists(PK)", nil, true)
}

// StaffReplied holds the conversation for messaging.StaffReplyHold after a staff reply at now,
// never shortening a longer hold: one conditional UpdateItem.
func (h *Handovers) StaffReplied(ctx context.Context, orgID, conversationID string, now time.Time) error {
	return h.convUpdate(ctx, orgID, conversationID, "SET staff_until = :until",
		"attribute_exists(PK) AND (attribute_not_exists(staff_until) OR staff_until < :until)",
		map[string]ddb.AttributeValue{":until": sv(convTime(now.Add(messaging.StaffReplyHold)))}, false)
}

// Flag marks the conversation for staff (messaging.FlagUnknownContact, FlagNeedsStaff): one
// conditional UpdateItem adding to its flag set; a conversation that does not exist is
// CodeNotFound.
func (h *Handovers) Flag(ctx context.Context, orgID, conversationID, flag string) error {
	return h.convUpdate(ctx, orgID, conversationID, "ADD flags :f", "attribute_exists(PK)",
		map[string]ddb.AttributeValue{":f": &ddb.AttributeValueMemberSS{Value: []string{flag}}}, true)
}

// Unflag removes a flag from the conversation (no error when it has none): one UpdateItem.
func (h *Handovers) Unflag(ctx context.Context, orgID, conversationID, flag string) error {
	return h.convUpdate(ctx, orgID, conversationID, "DELETE flags :f", "attribute_exists(PK)",
		map[string]ddb.AttributeValue{":f": &ddb.AttributeValueMemberSS{Value: []string{flag}}}, false)
}

// convUpdate runs one conditional UpdateItem on the conversation item; a failed condition is
// CodeNotFound when absentIsError, and nothing otherwise.
func (h *Handovers) convUpdate(ctx context.Context, orgID, id, expr, cond string, values map[string]ddb.AttributeValue, absentIsError bool) error {
	_, err := h.s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName: aws.String(h.s.table), Key: convKey(orgID, id).av(),
		UpdateExpression: aws.String(expr), ConditionExpression: aws.String(cond), ExpressionAttributeValues: values,
	})
	if _, failed := conditionFailed(err); failed {
		if absentIsError {
			return messaging.Errorf(messaging.CodeNotFound, messaging.MsgConversationAbsent)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("dynamo: update conversation %s of %s: %w", id, orgID, err)
	}
	return nil
}
