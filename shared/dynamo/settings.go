package dynamo

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
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
	// SecretsRev is the revision of the secrets in force (the secret store's names);
	// TokenProvider and TokenURL what the stored token was entered for.
	SecretsRev    string `dynamodbav:"secrets_rev,omitempty"`
	TokenProvider string `dynamodbav:"token_provider,omitempty"`
	TokenURL      string `dynamodbav:"token_url,omitempty"`
	PlatformURL   string `dynamodbav:"platform_url,omitempty"`
	PlatformToken bool   `dynamodbav:"platform_token_set,omitempty"`
	DisplayPhone  string `dynamodbav:"display_phone_number,omitempty"`
	// AssistantOff is stored inverted so that settings written before the flag existed (or by
	// callers that leave it nil) keep the assistant on.
	AssistantOff bool `dynamodbav:"assistant_off,omitempty"`
	// Dialog360HeaderSecret says whether the 360dialog webhook's header secret is stored.
	Dialog360HeaderSecret bool `dynamodbav:"dialog360_header_secret_set,omitempty"`
	// GSI1PK/GSI1SK list a configured organisation in the configured-organisations index
	// (ORGS#WHATSAPP / <org>); absent while the settings are not configured.
	GSI1PK string `dynamodbav:"GSI1PK,omitempty"`
	GSI1SK string `dynamodbav:"GSI1SK,omitempty"`
}

func (it settingsItem) settings() messaging.Settings {
	return messaging.Settings{
		OrgID: it.OrgID, Provider: it.Provider, APIURL: it.APIURL, PhoneNumberID: it.PhoneNumberID,
		WABAID: it.WABAID, APITokenSet: it.APITokenSet, APITokenLast4: it.APITokenLast4,
		AppSecretSet: it.AppSecretSet, VerifyTokenSet: it.VerifyTokenSet, UpdatedAt: it.UpdatedAt,
		QuietHours: it.QuietHours, SecretsRev: it.SecretsRev, TokenProvider: it.TokenProvider, TokenURL: it.TokenURL, PlatformURL: it.PlatformURL, PlatformTokenSet: it.PlatformToken, DisplayPhoneNumber: it.DisplayPhone, AssistantEnabled: assistantFlag(it.AssistantOff),
		Dialog360HeaderSecretSet: it.Dialog360HeaderSecret,
	}
}

// assistantFlag is the settings' AssistantEnabled of a stored assistant_off: nil (on, the
// default) unless switched off.
func assistantFlag(off bool) *bool {
	if off {
		return aws.Bool(false)
	}
	return nil
}

func newSettingsItem(st messaging.Settings) settingsItem {
	it := settingsItem{
		key: settingsKey(st.OrgID), OrgID: st.OrgID, Provider: st.Provider, APIURL: st.APIURL,
		PhoneNumberID: st.PhoneNumberID, WABAID: st.WABAID, APITokenSet: st.APITokenSet,
		APITokenLast4: st.APITokenLast4, AppSecretSet: st.AppSecretSet,
		VerifyTokenSet: st.VerifyTokenSet, UpdatedAt: st.UpdatedAt, QuietHours: st.QuietHours,
		SecretsRev: st.SecretsRev, TokenProvider: st.TokenProvider, TokenURL: st.TokenURL,
		PlatformURL: st.PlatformURL, PlatformToken: st.PlatformTokenSet,
		DisplayPhone: st.DisplayPhoneNumber, AssistantOff: !st.AssistantOn(),
		Dialog360HeaderSecret: st.Dialog360HeaderSecretSet,
	}
	if st.Configured() {
		it.GSI1PK, it.GSI1SK = configuredOrgsPK, st.OrgID
	}
	return it
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

// PutSettings writes the settings and routes their number (PHONE#<phone_number_id>) and their
// WhatsApp Business Account (WABA#<waba_id>) to the organisation, with the settings' secrets
// revision, in one transaction: the secrets revision in force switches together with the
// routes, or not at all. A number or account routed to another organisation is a conflict; a
// changed number or account releases the old route; an empty one keeps none. Configured
// settings are listed by ConfiguredOrgs.
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
	// The settings write holds only if nobody changed the number, the account or the secrets
	// since we read them, so the old routes we release are the right ones.
	put := &ddb.Put{TableName: aws.String(s.table), Item: item}
	if found {
		cond := "phone_number_id = :old AND waba_id = :oldwaba"
		if old.WABAID == "" {
			cond = "phone_number_id = :old AND (attribute_not_exists(waba_id) OR waba_id = :oldwaba)"
		}
		if old.SecretsRev == "" {
			cond += " AND attribute_not_exists(secrets_rev)"
		} else {
			cond += " AND secrets_rev = :oldrev"
		}
		put.ConditionExpression = aws.String(cond)
		put.ExpressionAttributeValues = map[string]ddb.AttributeValue{":old": sv(old.PhoneNumberID), ":oldwaba": sv(old.WABAID)}
		if old.SecretsRev != "" {
			put.ExpressionAttributeValues[":oldrev"] = sv(old.SecretsRev)
		}
	} else {
		put.ConditionExpression = aws.String("attribute_not_exists(PK)")
	}
	items := []ddb.TransactWriteItem{{Put: put}}
	phoneAt, wabaAt := -1, -1
	if st.PhoneNumberID != "" {
		phoneAt = len(items)
		items = append(items, s.routePut(routeKey(st.PhoneNumberID), st, "phone_number_id", st.PhoneNumberID))
	}
	if found && old.PhoneNumberID != "" && old.PhoneNumberID != st.PhoneNumberID {
		items = append(items, s.routeDelete(routeKey(old.PhoneNumberID), st.OrgID))
	}
	if st.WABAID != "" {
		wabaAt = len(items)
		items = append(items, s.routePut(wabaRouteKey(st.WABAID), st, "waba_id", st.WABAID))
	}
	if found && old.WABAID != "" && old.WABAID != st.WABAID {
		items = append(items, s.routeDelete(wabaRouteKey(old.WABAID), st.OrgID))
	}
	_, err = s.db.TransactWriteItems(ctx, &ddb.TransactWriteItemsInput{TransactItems: items})
	if err != nil {
		return settingsConflict(err, st, phoneAt, wabaAt)
	}
	return nil
}

// settingsConflict turns a cancelled settings transaction into the conflict its first failed
// condition means; other errors are wrapped as they are.
func settingsConflict(err error, st messaging.Settings, phoneAt, wabaAt int) error {
	var tce *ddb.TransactionCanceledException
	if errors.As(err, &tce) {
		failed := func(i int) bool {
			return i >= 0 && i < len(tce.CancellationReasons) && aws.ToString(tce.CancellationReasons[i].Code) == "ConditionalCheckFailed"
		}
		switch {
		case failed(phoneAt):
			return messaging.Wrap(messaging.CodeConflict, "This WhatsApp number is already connected to another organisation",
				fmt.Errorf("dynamo: put settings of %s: number %s routed elsewhere", st.OrgID, st.PhoneNumberID))
		case failed(wabaAt):
			return messaging.Wrap(messaging.CodeConflict, "This WhatsApp Business Account is already connected to another organisation",
				fmt.Errorf("dynamo: put settings of %s: WABA %s routed elsewhere", st.OrgID, st.WABAID))
		case failed(0):
			return messaging.Wrap(messaging.CodeConflict, "The WhatsApp settings changed at the same time; please try again",
				fmt.Errorf("dynamo: put settings of %s: concurrent update", st.OrgID))
		}
	}
	return fmt.Errorf("dynamo: put settings of %s: %w", st.OrgID, err)
}
