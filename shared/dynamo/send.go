package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// messageTTL is how long an outbound message record is kept.
const messageTTL = 30 * 24 * time.Hour

// The states of an outbound message record.
const (
	sendPending = "pending"
	sendSending = "sending"
	sendSent    = "sent"
	sendFailed  = "failed"
	// sendUnknown: the provider may have accepted the message (a timeout, an answer without
	// an id). lease_until is when the wait for its status webhook ends; only then may the
	// message be claimed and sent again.
	sendUnknown = "unknown"
)

// messageItem is the sender's record of one outbound message.
type messageItem struct {
	State      string `dynamodbav:"send_state"`
	LeaseUntil int64  `dynamodbav:"lease_until"` // unix ms
	Attempts   int    `dynamodbav:"attempts"`
	WAMID      string `dynamodbav:"wamid"`
}

// ClaimSend takes the right to send a message, in one conditional UpdateItem: it is acquired
// when the record is absent, pending, sending under an expired lease, or unknown with its wait
// over. Otherwise the record as it stood tells whether the message was sent (with its WAMID),
// failed for good, is busy under another sender's live lease, or is unknown and still waiting
// for its status (until when).
func (s *Store) ClaimSend(ctx context.Context, orgID, messageID string, now time.Time, lease time.Duration) (messaging.SendClaim, error) {
	attrs, acquired, err := s.claim(ctx, &ddb.UpdateItemInput{
		TableName: aws.String(s.table),
		Key:       messageKey(orgID, messageID).av(),
		UpdateExpression: aws.String("SET send_state = :sending, lease_until = :until, " +
			"attempts = if_not_exists(attempts, :zero), created_at = if_not_exists(created_at, :now), " +
			"expires_at = if_not_exists(expires_at, :exp)"),
		ConditionExpression: aws.String("attribute_not_exists(send_state) OR send_state = :pending OR " +
			"(send_state IN (:sending, :unknown) AND lease_until <= :nowms)"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":sending": sv(sendSending), ":pending": sv(sendPending), ":unknown": sv(sendUnknown),
			":until": nv(now.Add(lease).UnixMilli()), ":nowms": nv(now.UnixMilli()),
			":zero": nv(0), ":now": sv(now.UTC().Format(time.RFC3339Nano)),
			":exp": nv(now.Add(messageTTL).Unix()),
		},
	})
	if err != nil {
		return messaging.SendClaim{}, fmt.Errorf("dynamo: claim send of message %s of %s: %w", messageID, orgID, err)
	}
	var it messageItem
	if err := attributevalue.UnmarshalMap(attrs, &it); err != nil {
		return messaging.SendClaim{}, fmt.Errorf("dynamo: claim send of message %s of %s: decode: %w", messageID, orgID, err)
	}
	c := messaging.SendClaim{Attempts: it.Attempts, WAMID: it.WAMID}
	switch {
	case acquired:
		c.Acquired = true
	case it.State == sendSent:
		c.Sent = true
	case it.State == sendFailed:
		c.Failed = true
	case it.State == sendUnknown:
		c.Unknown, c.Until = true, time.UnixMilli(it.LeaseUntil)
	default:
		c.Busy = true
	}
	return c, nil
}

// RecordSent marks the message sent with the provider's id; a sent message is never claimed
// again.
func (s *Store) RecordSent(ctx context.Context, orgID, messageID, wamid string, now time.Time) error {
	_, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName:        aws.String(s.table),
		Key:              messageKey(orgID, messageID).av(),
		UpdateExpression: aws.String("SET send_state = :sent, wamid = :wamid, sent_at = :at, expires_at = if_not_exists(expires_at, :exp) REMOVE lease_until"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":sent": sv(sendSent), ":wamid": sv(wamid), ":at": sv(now.UTC().Format(time.RFC3339Nano)),
			":exp": nv(now.Add(messageTTL).Unix()),
		},
	})
	if err != nil {
		return fmt.Errorf("dynamo: record message %s of %s sent: %w", messageID, orgID, err)
	}
	return nil
}

// ReleaseSend gives up a claim after a retryable failure: the record goes back to pending with
// one more attempt counted. A record that is no longer sending (sent or failed meanwhile) is
// left alone.
func (s *Store) ReleaseSend(ctx context.Context, orgID, messageID, lastError string) error {
	_, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName:           aws.String(s.table),
		Key:                 messageKey(orgID, messageID).av(),
		UpdateExpression:    aws.String("SET send_state = :pending, last_error = :err ADD attempts :one REMOVE lease_until"),
		ConditionExpression: aws.String("send_state = :sending"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":pending": sv(sendPending), ":sending": sv(sendSending), ":err": sv(lastError), ":one": nv(1),
		},
	})
	if _, failed := conditionFailed(err); err != nil && !failed {
		return fmt.Errorf("dynamo: release message %s of %s: %w", messageID, orgID, err)
	}
	return nil
}

// RecordFailed marks the message failed for good; it is never claimed again. A message
// already recorded as sent stays sent.
func (s *Store) RecordFailed(ctx context.Context, orgID, messageID, reason string) error {
	_, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName:           aws.String(s.table),
		Key:                 messageKey(orgID, messageID).av(),
		UpdateExpression:    aws.String("SET send_state = :failed, last_error = :err, expires_at = if_not_exists(expires_at, :exp) ADD attempts :one REMOVE lease_until"),
		ConditionExpression: aws.String("attribute_not_exists(send_state) OR send_state <> :sent"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":failed": sv(sendFailed), ":sent": sv(sendSent), ":err": sv(reason), ":one": nv(1),
			":exp": nv(time.Now().Add(messageTTL).Unix()),
		},
	})
	if _, failed := conditionFailed(err); err != nil && !failed {
		return fmt.Errorf("dynamo: record message %s of %s failed: %w", messageID, orgID, err)
	}
	return nil
}

// RecordUnknown marks a message whose send may have reached the provider: nobody claims it
// again before until, so a status webhook (ResolveSend) has that long to settle it. It
// counts one attempt. A record already sent or failed (a status came first) is left alone.
func (s *Store) RecordUnknown(ctx context.Context, orgID, messageID, lastError string, now, until time.Time) error {
	_, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName: aws.String(s.table),
		Key:       messageKey(orgID, messageID).av(),
		UpdateExpression: aws.String("SET send_state = :unknown, lease_until = :until, last_error = :err, unknown_at = :now, " +
			"created_at = if_not_exists(created_at, :now), expires_at = if_not_exists(expires_at, :exp) ADD attempts :one"),
		ConditionExpression: aws.String("attribute_not_exists(send_state) OR send_state IN (:sending, :pending)"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":unknown": sv(sendUnknown), ":sending": sv(sendSending), ":pending": sv(sendPending),
			":until": nv(until.UnixMilli()), ":err": sv(lastError), ":one": nv(1),
			":now": sv(now.UTC().Format(time.RFC3339Nano)), ":exp": nv(now.Add(messageTTL).Unix()),
		},
	})
	if _, failed := conditionFailed(err); err != nil && !failed {
		return fmt.Errorf("dynamo: record message %s of %s unknown: %w", messageID, orgID, err)
	}
	return nil
}

// ResolveSend records what a status webhook proves: the provider has the message, under
// wamid. A message not yet settled (absent, pending, sending or unknown) becomes sent, so no
// sender sends it again; one already sent or failed is left alone. The record is created when
// absent, because a status can overtake the RecordUnknown of the send it reports.
func (s *Store) ResolveSend(ctx context.Context, orgID, messageID, wamid string, now time.Time) error {
	_, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName: aws.String(s.table),
		Key:       messageKey(orgID, messageID).av(),
		UpdateExpression: aws.String("SET send_state = :sent, wamid = :wamid, sent_at = :at, " +
			"created_at = if_not_exists(created_at, :at), expires_at = if_not_exists(expires_at, :exp) REMOVE lease_until"),
		ConditionExpression: aws.String("attribute_not_exists(send_state) OR send_state IN (:pending, :sending, :unknown)"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":sent": sv(sendSent), ":wamid": sv(wamid), ":at": sv(now.UTC().Format(time.RFC3339Nano)),
			":exp":     nv(now.Add(messageTTL).Unix()),
			":pending": sv(sendPending), ":sending": sv(sendSending), ":unknown": sv(sendUnknown),
		},
	})
	if _, failed := conditionFailed(err); err != nil && !failed {
		return fmt.Errorf("dynamo: resolve message %s of %s: %w", messageID, orgID, err)
	}
	return nil
}
