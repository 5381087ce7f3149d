package dynamo

import (
	"testing"
	"time"

	"github.com/proplink/chat/shared/ddb/attributevalue/avtest"
	"github.com/proplink/chat/shared/platformevent"
	"github.com/proplink/chat/shared/property"
)

// TestItemsMarshalAsTheSDKDoes holds shared/ddb/attributevalue to the SDK's attributevalue for
// every type this package marshals or unmarshals: the same attribute values for representative
// and random values, and the same Go values decoded from what the SDK wrote.
func TestItemsMarshalAsTheSDKDoes(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 123456789, time.FixedZone("BST", 3600))
	k := key{PK: "ORG#acme#JOB#1050", SK: "JOB"}
	tests := []struct {
		name    string
		tagKey  string
		samples []any
	}{
		{name: "key", samples: []any{k}},
		{name: "aiSettingsItem", samples: []any{aiSettingsItem{key: k, Enabled: true, DailyTokens: 1 << 40}}},
		{name: "auditItem", samples: []any{auditItem{key: k, Entry: `{"a":"ü"}`}}},
		{name: "staffItem", samples: []any{staffItem{key: k, SiteIDs: []string{}, Permissions: []string{"a", "b"}, LinkedAt: at}}},
		{name: "waUserItem", samples: []any{waUserItem{key: k, CodeExpires: -1}}},
		{name: "sessionItem", samples: []any{sessionItem{key: k, State: `{}`}}},
		{name: "attachmentItem", samples: []any{attachmentItem{key: k, Size: 1 << 33, CreatedAt: at, ProviderMediaAt: time.Time{}}}},
		{name: "noteItem", samples: []any{noteItem{key: k, StatusHistory: []statusEventItem{{"sent", at}}, Errors: []statusErrorItem{}}}},
		{name: "statusEventItem list", samples: []any{[]statusEventItem{{Status: "read", At: at.UTC()}}}},
		{name: "statusErrorItem list", samples: []any{[]statusErrorItem{{Code: 131047, Title: "Re-engagement"}}, []statusErrorItem{}}},
		{name: "chatLinkItem", samples: []any{chatLinkItem{key: k, Label: "日本"}}},
		{name: "consoleItem", samples: []any{consoleItem{key: k, Permissions: nil, SiteIDs: []string{}}}},
		{name: "conversationItem", samples: []any{conversationItem{key: k, Flags: []string{"vip"}, StaffUntil: at}}},
		{name: "convMessageItem", samples: []any{convMessageItem{key: k, At: at}}},
		{name: "convStatusItem", samples: []any{convStatusItem{key: k, UpdatedAt: at}}},
		{name: "eventItem", samples: []any{eventItem{LeaseUntil: 1767225600000}}},
		{name: "attemptItem", samples: []any{attemptItem{PK: "p", Attempt: platformevent.Attempt{EndpointID: "e", At: at, LatencyMS: 12}}}},
		{name: "endpointItem", samples: []any{endpointItem{Kinds: []string{}, CreatedAt: at}}},
		{name: "jobItem", samples: []any{jobItem{key: k, ID: 1050}}},
		{name: "orphanItem", samples: []any{orphanItem{key: k, History: nil, Errors: nil}}},
		{name: "propClaimItem", samples: []any{propClaimItem{key: k, ExpiresAt: 1767225600}}},
		{name: "messageItem", samples: []any{messageItem{State: "sent"}}},
		{name: "settingsItem", samples: []any{settingsItem{key: k, APITokenSet: true}}},
		{name: "routeItem", samples: []any{routeItem{key: k}}},
		{name: "suppressionItem", samples: []any{suppressionItem{key: k, OptedOutAt: at}}},
		{name: "templateItem", samples: []any{templateItem{key: k, Components: []componentItem{{Type: "BODY", Buttons: []buttonItem{{Type: "URL"}}}}}}},
		{name: "nameClaimItem", samples: []any{nameClaimItem{key: k, TemplateID: 7}}},
		{name: "tokenItem", samples: []any{tokenItem{key: k, Permissions: []string{"send"}}}},
		{name: "reminder state", samples: []any{struct {
			State string `dynamodbav:"rem_state"`
		}{"due"}}},
		{name: "interest kinds", samples: []any{[]string{"message.received"}}},
		{name: "property.Site", tagKey: "json", samples: []any{property.Site{ID: "s"}}},
		{name: "property.Unit", tagKey: "json", samples: []any{property.Unit{ID: "u"}}},
		{name: "property.Contact", tagKey: "json", samples: []any{property.Contact{ID: "c", UnitIDs: []string{}}}},
		{name: "property.Vendor", tagKey: "json", samples: []any{property.Vendor{ID: "v"}}},
		{name: "property.Balance", tagKey: "json", samples: []any{property.Balance{}}},
		{name: "property.Demand", tagKey: "json", samples: []any{property.Demand{}}},
		{name: "property.ArrearsCase", tagKey: "json", samples: []any{property.ArrearsCase{}}},
		{name: "property.WorkOrder", tagKey: "json", samples: []any{property.WorkOrder{Ref: "WO-2026-0001", CostPence: 12345}}},
		{name: "property.WorkOrderNote", tagKey: "json", samples: []any{property.WorkOrderNote{By: "v", At: at.Format(time.RFC3339)}}},
		{name: "property.Bill", tagKey: "json", samples: []any{property.Bill{}}},
		{name: "property.Budget", tagKey: "json", samples: []any{property.Budget{}}},
		{name: "property.Ticket", tagKey: "json", samples: []any{property.Ticket{}}},
		{name: "property.TicketMessage", tagKey: "json", samples: []any{property.TicketMessage{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			avtest.Check(t, avtest.Options{TagKey: tt.tagKey, N: 150, Seed: 7}, tt.samples...)
		})
	}
}
