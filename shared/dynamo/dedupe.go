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

// EventTTL is how long a webhook event's dedupe record is kept: longer than the 7 days Meta
// retries a webhook for.
const EventTTL = 8 * 24 * time.Hour

// The states of a webhook event's dedupe record.
const (
	evtPending = "pending"
	evtDone    = "done"
)

// eventItem is the dedupe record of one webhook event.
type eventItem struct {
	State      string `dynamodbav:"evt_state"`
	LeaseUntil int64  `dynamodbav:"lease_until"` // unix ms
	Attempts   int    `dynamodbav:"attempts"`
}

func eventKey(org, dedupeKey string) key { return key{orgPK(org) + "#EVT#" + dedupeKey, "EVT"} }

// ClaimEvent takes the right to process a webhook event, named by its provider ids (its
// DedupeKey), in one conditional UpdateItem: acquired when the record is absent or pending under
// an expired lease; Done when an earlier attempt finished it; Busy while another attempt's
// lease lives.
func (s *Store) ClaimEvent(ctx context.Context, orgID, dedupeKey string, now time.Time, lease time.Duration) (messaging.EventClaim, error) {
	attrs, acquired, err := s.claim(ctx, &ddb.UpdateItemInput{
		TableName: aws.String(s.table),
		Key:       eventKey(orgID, dedupeKey).av(),
		UpdateExpression: aws.String("SET evt_state = :pending, lease_until = :until, " +
			"expires_at = :exp ADD attempts :one"),
		ConditionExpression: aws.String("attribute_not_exists(evt_state) OR " +
			"(evt_state = :pending AND lease_until <= :nowms)"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":pending": sv(evtPending), ":until": nv(now.Add(lease).UnixMilli()),
			":nowms": nv(now.UnixMilli()), ":exp": nv(now.Add(EventTTL).Unix()), ":one": nv(1),
		},
	})
	if err != nil {
		return messaging.EventClaim{}, fmt.Errorf("dynamo: claim event %s of %s: %w", dedupeKey, orgID, err)
	}
	var it eventItem
	if err := attributevalue.UnmarshalMap(attrs, &it); err != nil {
		return messaging.EventClaim{}, fmt.Errorf("dynamo: claim event %s of %s: decode: %w", dedupeKey, orgID, err)
	}
	c := messaging.EventClaim{Attempts: it.Attempts}
	switch {
	case acquired:
		c.Acquired = true
	case it.State == evtDone:
		c.Done = true
	default:
		c.Busy = true
	}
	return c, nil
}

// CompleteEvent marks a claimed event done: its effects are recorded and a replay is skipped.
func (s *Store) CompleteEvent(ctx context.Context, orgID, dedupeKey string, now time.Time) error {
	_, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName:        aws.String(s.table),
		Key:              eventKey(orgID, dedupeKey).av(),
		UpdateExpression: aws.String("SET evt_state = :done, done_at = :at, expires_at = :exp REMOVE lease_until"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":done": sv(evtDone), ":at": timeAV(now), ":exp": nv(now.Add(EventTTL).Unix()),
		},
	})
	if err != nil {
		return fmt.Errorf("dynamo: complete event %s of %s: %w", dedupeKey, orgID, err)
	}
	return nil
}

// ReleaseEvent gives up a claim after a failed attempt, so the queue's next delivery may take
// it at once; a done event stays done.
func (s *Store) ReleaseEvent(ctx context.Context, orgID, dedupeKey string) error {
	_, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       eventKey(orgID, dedupeKey).av(),
		UpdateExpression:          aws.String("SET lease_until = :zero"),
		ConditionExpression:       aws.String("evt_state = :pending"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":zero": nv(0), ":pending": sv(evtPending)},
	})
	if _, failed := conditionFailed(err); err != nil && !failed {
		return fmt.Errorf("dynamo: release event %s of %s: %w", dedupeKey, orgID, err)
	}
	return nil
}
