package dynamo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

// skEndpointPfx starts the sort key of an organisation's platform event endpoints.
const skEndpointPfx = "EVENTENDPOINT#"

// MsgEndpointAbsent is the one answer for an endpoint that does not exist, was deleted or is
// another organisation's.
const MsgEndpointAbsent = "Event endpoint not found (it does not exist, was deleted, or belongs to a different organisation)"

func endpointKey(org, id string) key { return key{orgPK(org), skEndpointPfx + id} }

// endpointItem is an endpoint as the table keeps it.
type endpointItem struct {
	PK              string    `dynamodbav:"PK"`
	SK              string    `dynamodbav:"SK"`
	ID              string    `dynamodbav:"endpoint_id"`
	URL             string    `dynamodbav:"url"`
	Kinds           []string  `dynamodbav:"kinds,omitempty"`
	Description     string    `dynamodbav:"description,omitempty"`
	CreatedAt       time.Time `dynamodbav:"created_at"`
	SecretRev       string    `dynamodbav:"secret_rev"`
	PrevSecretRev   string    `dynamodbav:"prev_secret_rev,omitempty"`
	PrevSecretUntil time.Time `dynamodbav:"prev_secret_until,omitempty"`
	RotatedAt       time.Time `dynamodbav:"rotated_at,omitempty"`
}

func (it endpointItem) endpoint(org string) platformevent.Endpoint {
	ep := platformevent.Endpoint{ID: it.ID, OrgID: org, URL: it.URL, Description: it.Description, CreatedAt: it.CreatedAt,
		SecretRev: it.SecretRev, PrevSecretRev: it.PrevSecretRev, PrevSecretUntil: it.PrevSecretUntil, RotatedAt: it.RotatedAt,
		Kinds: []platformevent.Kind{}}
	for _, k := range it.Kinds {
		ep.Kinds = append(ep.Kinds, platformevent.Kind(k))
	}
	return ep
}

// PutEndpoint creates an endpoint, and records its kinds in the organisation's event
// interest in the same transaction; an id already taken is a conflict.
func (s *Store) PutEndpoint(ctx context.Context, ep platformevent.Endpoint) error {
	k := endpointKey(ep.OrgID, ep.ID)
	it := endpointItem{PK: k.PK, SK: k.SK, ID: ep.ID, URL: ep.URL, Description: ep.Description, CreatedAt: ep.CreatedAt.UTC(), SecretRev: ep.SecretRev}
	for _, kind := range ep.Kinds {
		it.Kinds = append(it.Kinds, string(kind))
	}
	av, err := attributevalue.MarshalMap(it)
	if err != nil {
		return fmt.Errorf("dynamo: put endpoint %s: encode: %w", ep.ID, err)
	}
	kinds := &ddb.AttributeValueMemberL{Value: []ddb.AttributeValue{}}
	for _, kind := range it.Kinds {
		kinds.Value = append(kinds.Value, sv(kind))
	}
	_, err = s.db.TransactWriteItems(ctx, &ddb.TransactWriteItemsInput{TransactItems: []ddb.TransactWriteItem{
		{Put: &ddb.Put{TableName: aws.String(s.table), Item: av, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
		{Update: &ddb.Update{TableName: aws.String(s.table), Key: interestKey(ep.OrgID).av(), UpdateExpression: aws.String("SET #ep = :kinds"),
			ExpressionAttributeNames: map[string]string{"#ep": interestAttr(ep.ID)}, ExpressionAttributeValues: map[string]ddb.AttributeValue{":kinds": kinds}}},
	}})
	var tce *ddb.TransactionCanceledException
	if errors.As(err, &tce) && len(tce.CancellationReasons) > 0 && aws.ToString(tce.CancellationReasons[0].Code) == "ConditionalCheckFailed" {
		return messaging.Errorf(messaging.CodeConflict, "Event endpoint %s exists already", ep.ID)
	}
	if err != nil {
		return fmt.Errorf("dynamo: put endpoint %s of %s: %w", ep.ID, ep.OrgID, err)
	}
	return nil
}

// ListEndpoints returns the organisation's endpoints, oldest first (ids are ULIDs).
func (s *Store) ListEndpoints(ctx context.Context, orgID string) ([]platformevent.Endpoint, error) {
	in := &ddb.QueryInput{
		TableName:              aws.String(s.table),
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :sk)"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":pk": sv(orgPK(orgID)), ":sk": sv(skEndpointPfx),
		},
	}
	out := []platformevent.Endpoint{}
	for {
		res, err := s.db.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("dynamo: list endpoints of %s: %w", orgID, err)
		}
		var page []endpointItem
		if err := attributevalue.UnmarshalListOfMaps(res.Items, &page); err != nil {
			return nil, fmt.Errorf("dynamo: list endpoints of %s: decode: %w", orgID, err)
		}
		for _, it := range page {
			out = append(out, it.endpoint(orgID))
		}
		if len(res.LastEvaluatedKey) == 0 {
			return out, nil
		}
		in.ExclusiveStartKey = res.LastEvaluatedKey
	}
}

// GetEndpoint returns one of the organisation's endpoints (strongly consistent, so a rotation
// is seen by the next delivery); an absent one is coded messaging.CodeNotFound.
func (s *Store) GetEndpoint(ctx context.Context, orgID, id string) (platformevent.Endpoint, error) {
	if id == "" || strings.ContainsAny(id, "#") {
		return platformevent.Endpoint{}, messaging.Errorf(messaging.CodeNotFound, MsgEndpointAbsent)
	}
	var it endpointItem
	ok, err := s.get(ctx, endpointKey(orgID, id), true, &it)
	if err != nil {
		return platformevent.Endpoint{}, fmt.Errorf("dynamo: get endpoint %s of %s: %w", id, orgID, err)
	}
	if !ok {
		return platformevent.Endpoint{}, messaging.Errorf(messaging.CodeNotFound, MsgEndpointAbsent)
	}
	return it.endpoint(orgID), nil
}

// RotateEndpointSecret makes rev the endpoint's signing secret and keeps the one in force
// until then signing beside it until prevUntil. It applies only if the secret in force is
// still oldRev (a concurrent rotation is a conflict), and returns the endpoint as rotated.
func (s *Store) RotateEndpointSecret(ctx context.Context, orgID, id, oldRev, rev string, now, prevUntil time.Time) (platformevent.Endpoint, error) {
	u := newUpdate()
	u.set("secret_rev", sv(rev))
	u.set("prev_secret_rev", sv(oldRev))
	u.set("prev_secret_until", timeAV(prevUntil))
	u.set("rotated_at", timeAV(now))
	u.value("old", sv(oldRev))
	u.condition("attribute_exists(PK) AND #secret_rev = :old")
	in := u.input(s.table, endpointKey(orgID, id))
	in.ReturnValues = ddb.ReturnValueAllNew
	res, err := s.db.UpdateItem(ctx, in)
	if _, failed := conditionFailed(err); failed {
		return platformevent.Endpoint{}, messaging.Errorf(messaging.CodeConflict, "The endpoint's secret changed meanwhile; read the endpoint and try again")
	}
	if err != nil {
		return platformevent.Endpoint{}, fmt.Errorf("dynamo: rotate the secret of endpoint %s of %s: %w", id, orgID, err)
	}
	var it endpointItem
	if err := attributevalue.UnmarshalMap(res.Attributes, &it); err != nil {
		return platformevent.Endpoint{}, fmt.Errorf("dynamo: rotate endpoint %s: decode: %w", id, err)
	}
	return it.endpoint(orgID), nil
}

// DeleteEndpoint removes one of the organisation's endpoints and its kinds from the
// organisation's event interest; an absent one is coded
// messaging.CodeNotFound. Its deliveries still queued are done without a call.
func (s *Store) DeleteEndpoint(ctx context.Context, orgID, id string) error {
	_, err := s.db.TransactWriteItems(ctx, &ddb.TransactWriteItemsInput{TransactItems: []ddb.TransactWriteItem{{
		Delete: &ddb.Delete{TableName: aws.String(s.table), Key: endpointKey(orgID, id).av(), ConditionExpression: aws.String("attribute_exists(PK)")},
	}, {
		Update: &ddb.Update{TableName: aws.String(s.table), Key: interestKey(orgID).av(), UpdateExpression: aws.String("REMOVE #ep"),
			ExpressionAttributeNames: map[string]string{"#ep": interestAttr(id)}},
	}}})
	var tce *ddb.TransactionCanceledException
	if errors.As(err, &tce) {
		return messaging.Errorf(messaging.CodeNotFound, MsgEndpointAbsent)
	}
	if err != nil {
		return fmt.Errorf("dynamo: delete endpoint %s of %s: %w", id, orgID, err)
	}
	return nil
}
