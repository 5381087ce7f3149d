package dynamo

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/proplink/chat/shared/messaging"
)

// settingsItem is an organisation's WhatsApp settings: flags and the token's last four, never
// a secret.
type settingsItem struct {
	key
	OrgID          string `dynamodbav:"org_id"`
	Provider       string `dynamodbav:"provider"`
	APIURL         string `dynamodbav:"api_url"`
	PhoneNumberID  string `dynamodbav:"phone_number_id"`
	WABAID         string `dynamodbav:"waba_id"`
	APITokenSet    bool   `dynamodbav:"api_token_set"`
	APITokenLast4  string `dynamodbav:"api_token_last4"`
	AppSecretSet   bool   `dynamodbav:"app_secret_set"`
	VerifyTokenSet bool   `dynamodbav:"verify_token_set"`
	UpdatedAt      string `dynamodbav:"updated_at"`
	QuietHours     string `dynamodbav:"quiet_hours,omitempty"`
}

func (it settingsItem) settings() messaging.Settings {
	return messaging.Settings{
		OrgID: it.OrgID, Provider: it.Provider, APIURL: it.APIURL, PhoneNumberID: it.PhoneNumberID,
		WABAID: it.WABAID, APITokenSet: it.APITokenSet, APITokenLast4: it.APITokenLast4,
		AppSecretSet: it.AppSecretSet, VerifyTokenSet: it.VerifyTokenSet, UpdatedAt: it.UpdatedAt,
		QuietHours: it.QuietHours,
	}
}

func newSettingsItem(st messaging.Settings) settingsItem {
	return settingsItem{
		key: settingsKey(st.OrgID), OrgID: st.OrgID, Provider: st.Provider, APIURL: st.APIURL,
		PhoneNumberID: st.PhoneNumberID, WABAID: st.WABAID, APITokenSet: st.APITokenSet,
		APITokenLast4: st.APITokenLast4, AppSecretSet: st.AppSecretSet,
		VerifyTokenSet: st.VerifyTokenSet, UpdatedAt: st.UpdatedAt, QuietHours: st.QuietHours,
	}
}

// routeItem finds the organisation that owns a business number.
type routeItem struct {
	key
	OrgID         string `dynamodbav:"org_id"`
	PhoneNumberID string `dynamodbav:"phone_number_id"`
}

// GetSettings returns the organisation's WhatsApp settings, or a not-configured error.
func (s *Store) GetSettings(ctx context.Context, orgID string) (messaging.Settings, error) {
	var it settingsItem
	found, err := s.get(ctx, settingsKey(orgID), true, &it)
	if err != nil {
		return messaging.Settings{}, fmt.Errorf("dynamo: get settings of %s: %w", orgID, err)
	}
	if !found {
		return messaging.Settings{}, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
	}
	return it.settings(), nil
}

// PutSettings writes the settings and routes their number to the organisation, in one
// transaction. A number routed to another organisation is a conflict; a changed number
// releases the old route.
func (s *Store) PutSettings(ctx context.Context, st messaging.Settings) error {
	if st.OrgID == "" {
		return errors.New("dynamo: put settings: no organisation")
	}
	var old settingsItem
	found, err := s.get(ctx, settingsKey(st.OrgID), true, &old)
	if err != nil {
		return fmt.Errorf("dynamo: put settings of %s: %w", st.OrgID, err)
	}
	item, err := attributevalue.MarshalMap(newSettingsItem(st))
	if err != nil {
		return fmt.Errorf("dynamo: put settings of %s: %w", st.OrgID, err)
	}
	// The settings write holds only if nobody changed the number since we read it, so the
	// old route we release is the right one.
	put := &types.Put{TableName: aws.String(s.table), Item: item}
	if found {
		put.ConditionExpression = aws.String("phone_number_id = :old")
		put.ExpressionAttributeValues = map[string]types.AttributeValue{":old": sv(old.PhoneNumberID)}
	} else {
		put.ConditionExpression = aws.String("attribute_not_exists(PK)")
	}
	items := []types.TransactWriteItem{{Put: put}}
	routeAt := -1
	if st.PhoneNumberID != "" {
		route, err := attributevalue.MarshalMap(routeItem{key: routeKey(st.PhoneNumberID), OrgID: st.OrgID, PhoneNumberID: st.PhoneNumberID})
		if err != nil {
			return fmt.Errorf("dynamo: put settings of %s: %w", st.OrgID, err)
		}
		routeAt = len(items)
		items = append(items, types.TransactWriteItem{Put: &types.Put{
			TableName:                 aws.String(s.table),
			Item:                      route,
			ConditionExpression:       aws.String("attribute_not_exists(PK) OR org_id = :org"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":org": sv(st.OrgID)},
		}})
	}
	if found && old.PhoneNumberID != "" && old.PhoneNumberID != st.PhoneNumberID {
		items = append(items, types.TransactWriteItem{Delete: &types.Delete{
			TableName:                 aws.String(s.table),
			Key:                       routeKey(old.PhoneNumberID).av(),
			ConditionExpression:       aws.String("attribute_not_exists(PK) OR org_id = :org"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":org": sv(st.OrgID)},
		}})
	}
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	var tce *types.TransactionCanceledException
	if errors.As(err, &tce) {
		if routeAt >= 0 && routeAt < len(tce.CancellationReasons) && aws.ToString(tce.CancellationReasons[routeAt].Code) == "ConditionalCheckFailed" {
			return messaging.Wrap(messaging.CodeConflict, "This WhatsApp number is already connected to another organisation",
				fmt.Errorf("dynamo: put settings of %s: number %s routed elsewhere", st.OrgID, st.PhoneNumberID))
		}
		if len(tce.CancellationReasons) > 0 && aws.ToString(tce.CancellationReasons[0].Code) == "ConditionalCheckFailed" {
			return messaging.Wrap(messaging.CodeConflict, "The WhatsApp settings changed at the same time; please try again",
				fmt.Errorf("dynamo: put settings of %s: concurrent update", st.OrgID))
		}
	}
	if err != nil {
		return fmt.Errorf("dynamo: put settings of %s: %w", st.OrgID, err)
	}
	return nil
}

// OrgByPhoneNumberID returns the organisation that owns a business number, or not found.
func (s *Store) OrgByPhoneNumberID(ctx context.Context, phoneNumberID string) (string, error) {
	var it routeItem
	found, err := s.get(ctx, routeKey(phoneNumberID), false, &it)
	if err != nil {
		return "", fmt.Errorf("dynamo: route of number %s: %w", phoneNumberID, err)
	}
	if !found || it.OrgID == "" {
		return "", messaging.Errorf(messaging.CodeNotFound, "No organisation uses this WhatsApp number")
	}
	return it.OrgID, nil
}
