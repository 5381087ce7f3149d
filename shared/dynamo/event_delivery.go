package dynamo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/platformevent"
)

// DeliveryLogTTL is how long a delivery attempt stays in an endpoint's log.
const DeliveryLogTTL = 30 * 24 * time.Hour

// deliveryLogPK is the partition of one endpoint's delivery log; its sort keys order the
// attempts by time.
func deliveryLogPK(org, endpointID string) string { return orgPK(org) + "#EVENTLOG#" + endpointID }

// attemptItem is one delivery attempt as the table keeps it.
type attemptItem struct {
	PK        string `dynamodbav:"PK"`
	SK        string `dynamodbav:"SK"`
	ExpiresAt int64  `dynamodbav:"expires_at"`
	platformevent.Attempt
}

// RecordAttempt adds an attempt to its endpoint's log. The sort key (time, event, attempt)
// makes a repeated write of one attempt the same line.
func (s *Store) RecordAttempt(ctx context.Context, orgID string, a platformevent.Attempt) error {
	it := attemptItem{
		PK: deliveryLogPK(orgID, a.EndpointID), SK: a.At.UTC().Format(time.RFC3339Nano) + "#" + a.EventID + "#" + strconv.Itoa(a.Attempt),
		ExpiresAt: a.At.Add(DeliveryLogTTL).Unix(), Attempt: a,
	}
	if err := s.put(ctx, it); err != nil {
		return fmt.Errorf("dynamo: record attempt %d of %s to endpoint %s: %w", a.Attempt, a.EventID, a.EndpointID, err)
	}
	return nil
}

// ListAttempts returns an endpoint's delivery log, newest first: limit attempts after skipping
// offset. An endpoint without attempts (or another organisation's) has an empty log.
func (s *Store) ListAttempts(ctx context.Context, orgID, endpointID string, limit, offset int) ([]platformevent.Attempt, error) {
	in := &ddb.QueryInput{
		TableName:                 aws.String(s.table),
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":pk": sv(deliveryLogPK(orgID, endpointID))},
		ScanIndexForward:          aws.Bool(false),
		Limit:                     aws.Int32(int32(limit + offset)),
	}
	out := []platformevent.Attempt{}
	seen := 0
	for {
		res, err := s.db.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("dynamo: delivery log of endpoint %s: %w", endpointID, err)
		}
		var page []attemptItem
		if err := attributevalue.UnmarshalListOfMaps(res.Items, &page); err != nil {
			return nil, fmt.Errorf("dynamo: delivery log of endpoint %s: decode: %w", endpointID, err)
		}
		for _, it := range page {
			if seen++; seen > offset && len(out) < limit {
				out = append(out, it.Attempt)
			}
		}
		if len(out) >= limit || len(res.LastEvaluatedKey) == 0 {
			return out, nil
		}
		in.ExclusiveStartKey = res.LastEvaluatedKey
	}
}
