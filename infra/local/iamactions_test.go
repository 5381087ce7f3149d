package local

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRequiredActions(t *testing.T) {
	tests := []struct {
		op   string
		want Requirement
	}{
		{"dynamodb:BatchGetItem", Requirement{All: []string{"dynamodb:BatchGetItem"}}},
		{"dynamodb:Query", Requirement{All: []string{"dynamodb:Query"}}},
		{"dynamodb:TransactGetItems", Requirement{All: []string{"dynamodb:GetItem"}}},
		{"dynamodb:TransactWriteItems", Requirement{AnyOf: []string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"}}},
		{"sqs:SendMessageBatch", Requirement{All: []string{"sqs:SendMessage"}}},
		{"sqs:DeleteMessageBatch", Requirement{All: []string{"sqs:DeleteMessage"}}},
		{"sqs:ChangeMessageVisibilityBatch", Requirement{All: []string{"sqs:ChangeMessageVisibility"}}},
		{"s3:CreateMultipartUpload", Requirement{All: []string{"s3:PutObject"}}},
		{"s3:UploadPart", Requirement{All: []string{"s3:PutObject"}}},
		{"s3:CompleteMultipartUpload", Requirement{All: []string{"s3:PutObject"}}},
		{"s3:AbortMultipartUpload", Requirement{All: []string{"s3:AbortMultipartUpload"}}},
		{"s3:HeadObject", Requirement{All: []string{"s3:GetObject"}}},
		{"s3:HeadObjectVersion", Requirement{All: []string{"s3:GetObjectVersion"}}},
		{"s3:DeleteObjectVersion", Requirement{All: []string{"s3:DeleteObjectVersion"}}},
		{"s3:ListObjectsV2", Requirement{All: []string{"s3:ListBucket"}}},
		{"ssm:GetParameter", Requirement{All: []string{"ssm:GetParameter"}}},
		{"ssm:GetParameters", Requirement{All: []string{"ssm:GetParameters"}}},
		{"ssm:PutParameter", Requirement{All: []string{"ssm:PutParameter"}}},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, RequiredActions(tt.op)); diff != "" {
				t.Errorf("RequiredActions(%s) (-want +got):\n%s", tt.op, diff)
			}
		})
	}
}

func TestCheckPolicies(t *testing.T) {
	const (
		table  = "arn:aws:dynamodb:eu-west-2:123456789012:table/t"
		params = "arn:aws:ssm:eu-west-2:123456789012:parameter/proplink/local/"
		queue  = "arn:aws:sqs:eu-west-2:123456789012:q"
	)
	allow := func(resources []string, actions ...string) Statement {
		return Statement{Actions: actions, Resources: resources}
	}
	policies := map[string]Policy{
		"RemindersFunction": {Allow: []Statement{allow([]string{table}, "dynamodb:GetItem"), allow([]string{queue}, "sqs:SendMessage*")}},
		"ApiFunction":       {Allow: []Statement{allow([]string{"arn:aws:s3:::b/orgs/*"}, "s3:PutObject"), allow([]string{table}, "dynamodb:PutItem")}},
		"WebhookFunction":   {Allow: []Statement{allow([]string{params + "orgs/*/app_secret", params + "webhook/verify_token"}, "ssm:GetParameter")}},
	}
	calls := map[string]map[Call]int{
		"RemindersFunction": {
			{Operation: "dynamodb:GetItem", Resource: table}:                 3,
			{Operation: "dynamodb:BatchGetItem", Resource: table}:            12,
			{Operation: "sqs:SendMessageBatch", Resource: queue}:             4,
			{Operation: "dynamodb:Query", Resource: table + "/index/GSI1"}:   1,
			{Operation: "dynamodb:GetItem", Resource: table + "/index/GSI1"}: 0,
		},
		"ApiFunction": {
			{Operation: "s3:HeadObject", Resource: "arn:aws:s3:::b/orgs/o1/a"}:                            1,
			{Operation: "s3:UploadPart", Resource: "arn:aws:s3:::b/orgs/o1/a"}:                            2,
			{Operation: "s3:PutObject", Resource: "arn:aws:s3:::b/other/a"}:                               1,
			{Operation: "dynamodb:TransactWriteItems", Action: "dynamodb:PutItem", Resource: table}:       1,
			{Operation: "dynamodb:TransactWriteItems", Action: "dynamodb:DeleteItem", Resource: table}:    1,
			{Operation: "dynamodb:TransactWriteItems", Action: "dynamodb:PutItem", Resource: table + "2"}: 1,
		},
		"WebhookFunction": {
			{Operation: "ssm:GetParameter", Resource: params + "orgs/o1/whatsapp/app_secret"}:    2,
			{Operation: "ssm:GetParameter", Resource: params + "orgs/o1/whatsapp/r3/app_secret"}: 1,
			{Operation: "ssm:GetParameter", Resource: params + "webhook/verify_token"}:           1,
			{Operation: "ssm:GetParameter", Resource: params + "orgs/o1/whatsapp/api_token"}:     1,
		},
		"StrayFunction": {{Operation: "sqs:SendMessage", Resource: queue}: 1},
		TestCaller:      {{Operation: "dynamodb:DeleteTable", Resource: table}: 1},
	}
	var got []string
	for _, v := range CheckPolicies(calls, policies) {
		got = append(got, v.String())
	}
	want := []string{
		"ApiFunction called dynamodb:TransactWriteItems on " + table + ", which needs dynamodb:DeleteItem, which its policy does not allow (1 requests)",
		"ApiFunction called dynamodb:TransactWriteItems on " + table + "2, which needs dynamodb:PutItem, which its policy does not allow (1 requests)",
		"ApiFunction called s3:HeadObject on arn:aws:s3:::b/orgs/o1/a, which needs s3:GetObject, which its policy does not allow (1 requests)",
		"ApiFunction called s3:PutObject on arn:aws:s3:::b/other/a, which its policy does not allow (1 requests)",
		"RemindersFunction called dynamodb:BatchGetItem on " + table + ", which its policy does not allow (12 requests)",
		"RemindersFunction called dynamodb:Query on " + table + "/index/GSI1, which its policy does not allow (1 requests)",
		"StrayFunction called sqs:SendMessage on " + queue + ", but the template gives it no policy (1 requests)",
		"WebhookFunction called ssm:GetParameter on " + params + "orgs/o1/whatsapp/api_token, which its policy does not allow (1 requests)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
}

// TestCheckPoliciesResources pins the resource half of the check: the action is granted
// everywhere below, so only the resource decides.
func TestCheckPoliciesResources(t *testing.T) {
	const table = "arn:aws:dynamodb:eu-west-2:123456789012:table/t"
	tests := []struct {
		name      string
		granted   []string
		resource  string
		wantAllow bool
	}{
		{"table grant covers the table", []string{table}, table, true},
		{"table grant does not cover its index", []string{table}, table + "/index/GSI1", false},
		{"index grant covers the index", []string{table + "/index/GSI1"}, table + "/index/GSI1", true},
		{"another table", []string{table}, table + "2", false},
		{"queue", []string{"arn:aws:sqs:eu-west-2:123456789012:out.fifo"}, "arn:aws:sqs:eu-west-2:123456789012:in.fifo", false},
		{"star spans slashes", []string{"arn:aws:ssm:eu-west-2:123456789012:parameter/proplink/local/orgs/*/app_secret"}, "arn:aws:ssm:eu-west-2:123456789012:parameter/proplink/local/orgs/o1/whatsapp/r3/app_secret", true},
		{"the webhook's secrets do not cover a provider token", []string{"arn:aws:ssm:eu-west-2:123456789012:parameter/proplink/local/orgs/*/app_secret"}, "arn:aws:ssm:eu-west-2:123456789012:parameter/proplink/local/orgs/o1/whatsapp/api_token", false},
		{"another stage", []string{"arn:aws:ssm:eu-west-2:123456789012:parameter/proplink/dev/*"}, "arn:aws:ssm:eu-west-2:123456789012:parameter/proplink/local/x", false},
		{"bucket objects, not the bucket", []string{"arn:aws:s3:::b/orgs/*"}, "arn:aws:s3:::b", false},
		{"question mark is one character", []string{"arn:aws:s3:::b/a?c"}, "arn:aws:s3:::b/abbc", false},
		{"unknown resource is checked by action only", []string{table}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol := map[string]Policy{"F": {Allow: []Statement{{Actions: []string{"*"}, Resources: tt.granted}}}}
			got := CheckPolicies(map[string]map[Call]int{"F": {{Operation: "dynamodb:Query", Resource: tt.resource}: 1}}, pol)
			if allowed := len(got) == 0; allowed != tt.wantAllow {
				t.Errorf("allowed = %v (violations %v), want %v", allowed, got, tt.wantAllow)
			}
		})
	}
}
