package dynamo

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// newTokenID returns a new token id: a ULID of the creation time, so ids sort as minted.
func newTokenID(created time.Time) (string, error) {
	id, err := ulid.New(ulid.Timestamp(created), rand.Reader)
	if err != nil {
		return "", fmt.Errorf("token id: %w", err)
	}
	return id.String(), nil
}

// ListTokens returns the organisation's API tokens, oldest first, with their state at now:
// active, revoked or expired (until the table's TTL removes them). Only this organisation's
// partition of the index is read.
func (s *Store) ListTokens(ctx context.Context, orgID string, now time.Time) ([]messaging.APIToken, error) {
	items, err := s.queryTokens(ctx, orgID, "")
	if err != nil {
		return nil, fmt.Errorf("dynamo: list tokens of %s: %w", orgID, err)
	}
	out := make([]messaging.APIToken, 0, len(items))
	for _, it := range items {
		out = append(out, it.view(now))
	}
	return out, nil
}

// RevokeToken revokes one of the organisation's API tokens by id from now on and returns it.
// A token of another organisation, an unknown id and a malformed one are all not found;
// revoking a revoked token again keeps its first revocation time.
func (s *Store) RevokeToken(ctx context.Context, orgID, id string, now time.Time) (messaging.APIToken, error) {
	absent := messaging.Errorf(messaging.CodeNotFound, messaging.MsgTokenAbsent)
	parsed, err := ulid.ParseStrict(id)
	if err != nil {
		return messaging.APIToken{}, absent
	}
	items, err := s.queryTokens(ctx, orgID, parsed.String())
	if err != nil {
		return messaging.APIToken{}, fmt.Errorf("dynamo: revoke token %s of %s: %w", id, orgID, err)
	}
	if len(items) == 0 {
		return messaging.APIToken{}, absent
	}
	u := newUpdate()
	u.setIfNotExists("revoked_at", sv(now.UTC().Format(time.RFC3339Nano)))
	_, org := u.ref("org_id", sv(orgID))
	u.condition("attribute_exists(PK) AND #org_id = " + org)
	in := u.input(s.table, items[0].key)
	in.ReturnValues = ddb.ReturnValueAllNew
	res, err := s.db.UpdateItem(ctx, in)
	if _, failed := conditionFailed(err); failed {
		return messaging.APIToken{}, absent
	}
	if err != nil {
		return messaging.APIToken{}, fmt.Errorf("dynamo: revoke token %s of %s: %w", id, orgID, err)
	}
	var it tokenItem
	if err := attributevalue.UnmarshalMap(res.Attributes, &it); err != nil {
		return messaging.APIToken{}, fmt.Errorf("dynamo: revoke token %s of %s: decode: %w", id, orgID, err)
	}
	return it.view(now), nil
}

// queryTokens reads the organisation's partition of the token index: every token, or the one
// with id when id is not empty.
func (s *Store) queryTokens(ctx context.Context, orgID, id string) ([]tokenItem, error) {
	cond, values := "GSI1PK = :pk", map[string]ddb.AttributeValue{":pk": sv(tokenListPK(orgID))}
	if id != "" {
		cond += " AND GSI1SK = :id"
		values[":id"] = sv(id)
	}
	in := &ddb.QueryInput{
		TableName:                 aws.String(s.table),
		IndexName:                 aws.String("GSI1"),
		KeyConditionExpression:    aws.String(cond),
		ExpressionAttributeValues: values,
	}
	var out []tokenItem
	for {
		res, err := s.db.Query(ctx, in)
		if err != nil {
			return nil, err
		}
		var page []tokenItem
		if err := attributevalue.UnmarshalListOfMaps(res.Items, &page); err != nil {
			return nil, fmt.Errorf("decode: %w", err)
		}
		out = append(out, page...)
		if len(res.LastEvaluatedKey) == 0 {
			return out, nil
		}
		in.ExclusiveStartKey = res.LastEvaluatedKey
	}
}
