package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/proplink/chat/shared/messaging"
)

// routeItem finds the organisation that owns a business number (PHONE#<id>) or a WhatsApp
// Business Account (WABA#<id>); the id is kept under phone_number_id or waba_id.
type routeItem struct {
	key
	OrgID string `dynamodbav:"org_id"`
}

// routePut claims a route for org unless another organisation holds it.
func (s *Store) routePut(k key, org, idAttr, id string) types.TransactWriteItem {
	item := k.av()
	item["org_id"], item[idAttr] = sv(org), sv(id)
	return types.TransactWriteItem{Put: &types.Put{
		TableName:                 aws.String(s.table),
		Item:                      item,
		ConditionExpression:       aws.String("attribute_not_exists(PK) OR org_id = :org"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":org": sv(org)},
	}}
}

// routeDelete releases org's route (one another organisation holds is left alone by failing).
func (s *Store) routeDelete(k key, org string) types.TransactWriteItem {
	return types.TransactWriteItem{Delete: &types.Delete{
		TableName:                 aws.String(s.table),
		Key:                       k.av(),
		ConditionExpression:       aws.String("attribute_not_exists(PK) OR org_id = :org"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":org": sv(org)},
	}}
}

// routeOrg reads a route's organisation, or not found with msg.
func (s *Store) routeOrg(ctx context.Context, k key, msg string) (string, error) {
	var it routeItem
	found, err := s.get(ctx, k, false, &it)
	if err != nil {
		return "", fmt.Errorf("dynamo: route %s: %w", k.PK, err)
	}
	if !found || it.OrgID == "" {
		return "", messaging.Errorf(messaging.CodeNotFound, "%s", msg)
	}
	return it.OrgID, nil
}

// OrgByPhoneNumberID returns the organisation that owns a business number, or not found.
func (s *Store) OrgByPhoneNumberID(ctx context.Context, phoneNumberID string) (string, error) {
	return s.routeOrg(ctx, routeKey(phoneNumberID), "No organisation uses this WhatsApp number")
}

// OrgByWABAID returns the organisation that owns a WhatsApp Business Account, or not found.
func (s *Store) OrgByWABAID(ctx context.Context, wabaID string) (string, error) {
	return s.routeOrg(ctx, wabaRouteKey(wabaID), "No organisation uses this WhatsApp Business Account")
}

// ConfiguredOrgs returns every organisation whose WhatsApp settings are configured, ordered by
// id: 1 Query of GSI1 (eventually consistent) per page of the index partition.
func (s *Store) ConfiguredOrgs(ctx context.Context) ([]string, error) {
	var orgs []string
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table),
		IndexName:                 aws.String(gsi1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": sv(configuredOrgsPK)},
		ProjectionExpression:      aws.String("GSI1SK"),
	}
	for {
		res, err := s.db.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("dynamo: configured organisations: %w", err)
		}
		for _, it := range res.Items {
			if v, ok := it["GSI1SK"].(*types.AttributeValueMemberS); ok && v.Value != "" {
				orgs = append(orgs, v.Value)
			}
		}
		if len(res.LastEvaluatedKey) == 0 {
			return orgs, nil
		}
		in.ExclusiveStartKey = res.LastEvaluatedKey
	}
}
