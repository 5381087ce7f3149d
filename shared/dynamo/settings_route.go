package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/messaging"
)

// routeItem finds the organisation that owns a business number (PHONE#<id>) or a WhatsApp
// Business Account (WABA#<id>), and the revision of its secrets in force; the id is kept under
// phone_number_id or waba_id.
type routeItem struct {
	key
	OrgID      string `dynamodbav:"org_id"`
	SecretsRev string `dynamodbav:"secrets_rev,omitempty"`
}

// routePut claims a route for st's organisation unless another organisation holds it.
func (s *Store) routePut(k key, st messaging.Settings, idAttr, id string) ddb.TransactWriteItem {
	item := k.av()
	item["org_id"], item[idAttr] = sv(st.OrgID), sv(id)
	if st.SecretsRev != "" {
		item["secrets_rev"] = sv(st.SecretsRev)
	}
	return ddb.TransactWriteItem{Put: &ddb.Put{
		TableName:                 aws.String(s.table),
		Item:                      item,
		ConditionExpression:       aws.String("attribute_not_exists(PK) OR org_id = :org"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":org": sv(st.OrgID)},
	}}
}

// routeDelete releases org's route (one another organisation holds is left alone by failing).
func (s *Store) routeDelete(k key, org string) ddb.TransactWriteItem {
	return ddb.TransactWriteItem{Delete: &ddb.Delete{
		TableName:                 aws.String(s.table),
		Key:                       k.av(),
		ConditionExpression:       aws.String("attribute_not_exists(PK) OR org_id = :org"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":org": sv(org)},
	}}
}

// route reads a route, or not found with msg.
func (s *Store) route(ctx context.Context, k key, msg string) (messaging.Route, error) {
	var it routeItem
	found, err := s.get(ctx, k, false, &it)
	if err != nil {
		return messaging.Route{}, fmt.Errorf("dynamo: route %s: %w", k.PK, err)
	}
	if !found || it.OrgID == "" {
		return messaging.Route{}, messaging.Errorf(messaging.CodeNotFound, "%s", msg)
	}
	return messaging.Route{OrgID: it.OrgID, SecretsRev: it.SecretsRev}, nil
}

// RouteByPhoneNumberID returns the organisation that owns a business number, with its secrets
// revision, or not found.
func (s *Store) RouteByPhoneNumberID(ctx context.Context, phoneNumberID string) (messaging.Route, error) {
	return s.route(ctx, routeKey(phoneNumberID), "No organisation uses this WhatsApp number")
}

// RouteByWABAID returns the organisation that owns a WhatsApp Business Account, with its
// secrets revision, or not found.
func (s *Store) RouteByWABAID(ctx context.Context, wabaID string) (messaging.Route, error) {
	return s.route(ctx, wabaRouteKey(wabaID), "No organisation uses this WhatsApp Business Account")
}

// ConfiguredOrgs returns every organisation whose WhatsApp settings are configured, ordered by
// id: 1 Query of GSI1 (eventually consistent) per page of the index partition.
func (s *Store) ConfiguredOrgs(ctx context.Context) ([]string, error) {
	var orgs []string
	in := &ddb.QueryInput{
		TableName:                 aws.String(s.table),
		IndexName:                 aws.String(gsi1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":pk": sv(configuredOrgsPK)},
		ProjectionExpression:      aws.String("GSI1SK"),
	}
	for {
		res, err := s.db.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("dynamo: configured organisations: %w", err)
		}
		for _, it := range res.Items {
			if v, ok := it["GSI1SK"].(*ddb.AttributeValueMemberS); ok && v.Value != "" {
				orgs = append(orgs, v.Value)
			}
		}
		if len(res.LastEvaluatedKey) == 0 {
			return orgs, nil
		}
		in.ExclusiveStartKey = res.LastEvaluatedKey
	}
}
