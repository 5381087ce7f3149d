package local

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFunctionPoliciesOfRepoTemplate(t *testing.T) {
	tmpl, err := LoadTemplate("../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := FunctionPolicies(tmpl, map[string]string{"Stage": "dev"})
	if err != nil {
		t.Fatal(err)
	}
	if fns := tmpl.OfType("AWS::Serverless::Function"); len(got) != len(fns) {
		t.Errorf("policies for %d functions, want one for each of %v", len(got), fns)
	}
	const (
		params       = "arn:aws:ssm:eu-west-2:123456789012:parameter/proplink/dev/"
		socialNumber = "arn:aws:social-messaging:eu-west-2:123456789012:phone-number-id/abc"
		socialWABA   = "arn:aws:social-messaging:us-east-1:123456789012:waba/def"
	)
	tests := []struct {
		fn, action, resource string
		want                 bool
	}{
		{"CaseNotesFunction", "dynamodb:UpdateItem", "arn:aws:dynamodb:eu-west-2:123456789012:table/policies-Table", true},
		{"CaseNotesFunction", "dynamodb:DeleteItem", "arn:aws:dynamodb:eu-west-2:123456789012:table/policies-Table", false},
		{"WebhookFunction", "ssm:GetParameter", params + "orgs/o1/whatsapp/app_secret", true},
		{"WebhookFunction", "ssm:GetParameter", params + "orgs/o1/whatsapp/api_token", false},
		{"WebhookFunction", "ssm:GetParameter", params + "orgs/o1/whatsapp/r3/dialog360_header_secret", true},
		{"WebhookFunction", "ssm:GetParameter", params + "webhook/360dialog-partner-secret", true},
		{"WebhookFunction", "ssm:GetParameter", params + "webhook/360dialog-partner-secret-old", false},
		{"WebhookFunction", "ssm:PutParameter", params + "webhook/360dialog-partner-secret", false},
		{"WebhookFunction", "ssm:GetParameter", "arn:aws:ssm:eu-west-2:123456789012:parameter/proplink/prod/orgs/o1/whatsapp/app_secret", false},
		{"ApiFunction", "ssm:PutParameter", params + "orgs/o1/whatsapp/api_token", true},
		{"ApiFunction", "ssm:PutParameter", params + "webhook/verify_token", false},
		{"ApiFunction", "dynamodb:Scan", "arn:aws:dynamodb:eu-west-2:123456789012:table/policies-Table", false},
		{"SenderFunction", "ssm:GetParameter", params + "orgs/o1/whatsapp/app_secret", false},
		// AWS End User Messaging Social: sends from linked numbers, template listing of linked
		// WABAs, for the functions that send or list only, and only in this account.
		{"SenderFunction", "social-messaging:SendWhatsAppMessage", socialNumber, true},
		{"SenderFunction", "social-messaging:SendWhatsAppMessage", "arn:aws:social-messaging:eu-west-1:999999999999:phone-number-id/abc", false},
		{"SenderFunction", "social-messaging:ListWhatsAppMessageTemplates", socialWABA, false},
		{"InboundFunction", "social-messaging:SendWhatsAppMessage", socialNumber, true},
		{"AssistantFunction", "social-messaging:SendWhatsAppMessage", socialNumber, true},
		{"ApiFunction", "social-messaging:SendWhatsAppMessage", socialNumber, true},
		{"ApiFunction", "social-messaging:ListWhatsAppMessageTemplates", socialWABA, true},
		{"ApiFunction", "social-messaging:SendWhatsAppMessage", socialWABA, false},
		{"TemplateSyncFunction", "social-messaging:ListWhatsAppMessageTemplates", socialWABA, true},
		{"TemplateSyncFunction", "social-messaging:SendWhatsAppMessage", socialNumber, false},
		{"WebhookFunction", "social-messaging:SendWhatsAppMessage", socialNumber, false},
		{"RemindersFunction", "social-messaging:SendWhatsAppMessage", socialNumber, false},
		{"CaseNotesFunction", "social-messaging:PostWhatsAppMessageMedia", socialNumber, false},
	}
	for _, tt := range tests {
		if ok := got[tt.fn].AllowsOn(tt.action, tt.resource); ok != tt.want {
			t.Errorf("%s may %s on %s = %v, want %v", tt.fn, tt.action, tt.resource, ok, tt.want)
		}
	}
}

func TestParsePolicies(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		want    Policy
		wantErr string
	}{
		{
			name: "inline statements, string and list actions",
			yaml: `
- Statement:
    - Effect: Allow
      Action: s3:*
      Resource: "*"
    - Effect: Allow
      Action: [ssm:GetParameter, ssm:PutParameter]
      Resource: "*"
    - Effect: Deny
      Action: s3:DeleteBucket
      Resource: "*"`,
			want: Policy{
				Allow: []Statement{{Actions: []string{"s3:*"}, Resources: []string{"*"}}, {Actions: []string{"ssm:GetParameter", "ssm:PutParameter"}, Resources: []string{"*"}}},
				Deny:  []Statement{{Actions: []string{"s3:DeleteBucket"}, Resources: []string{"*"}}},
			},
		},
		{
			name: "one statement mapping",
			yaml: `
Statement:
  Effect: Allow
  Action: sqs:ChangeMessageVisibility
  Resource: [arn:aws:sqs:eu-west-2:123456789012:a, arn:aws:sqs:eu-west-2:123456789012:b]`,
			want: Policy{Allow: []Statement{{Actions: []string{"sqs:ChangeMessageVisibility"}, Resources: []string{"arn:aws:sqs:eu-west-2:123456789012:a", "arn:aws:sqs:eu-west-2:123456789012:b"}}}},
		},
		{
			name: "SAM templates",
			yaml: `
- SQSSendMessagePolicy: {QueueName: q}
- DynamoDBReadPolicy: {TableName: t}`,
			want: Policy{Allow: []Statement{
				{Actions: []string{"sqs:SendMessage*"}, Resources: []string{"arn:aws:sqs:eu-west-2:123456789012:q"}},
				{Actions: []string{"dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"}, Resources: []string{"arn:aws:dynamodb:eu-west-2:123456789012:table/t", "arn:aws:dynamodb:eu-west-2:123456789012:table/t/index/*"}},
			}},
		},
		{name: "no policies", yaml: `[]`, want: Policy{}},
		{name: "unknown template", yaml: `[{KinesisCrudPolicy: {StreamName: s}}]`, wantErr: "KinesisCrudPolicy is not modelled"},
		{name: "managed policy", yaml: `[AmazonDynamoDBFullAccess]`, wantErr: `managed policy "AmazonDynamoDBFullAccess"`},
		{name: "no Resource", yaml: `[{Statement: [{Effect: Allow, Action: "s3:GetObject"}]}]`, wantErr: "Resource: missing"},
		{name: "NotResource", yaml: `[{Statement: [{Effect: Allow, Action: "s3:GetObject", NotResource: "*"}]}]`, wantErr: "NotResource"},
		{name: "template without its parameter", yaml: `[{SQSSendMessagePolicy: {}}]`, wantErr: "parameter QueueName"},
		{name: "NotAction", yaml: `[{Statement: [{Effect: Allow, NotAction: "s3:*", Resource: "*"}]}]`, wantErr: "NotAction"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := ParseTemplate([]byte("Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n" + indent(tt.yaml, "        ")))
			if err != nil {
				t.Fatal(err)
			}
			got, err := FunctionPolicies(tmpl, nil)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got["F"]); diff != "" {
				t.Errorf("policy (-want +got):\n%s", diff)
			}
		})
	}
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimPrefix(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestPolicyAllows(t *testing.T) {
	p := Policy{
		Allow: []Statement{{Actions: []string{"sqs:SendMessage*", "s3:*", "dynamodb:GetItem"}, Resources: []string{"*"}}},
		Deny:  []Statement{{Actions: []string{"s3:DeleteBucket"}, Resources: []string{"*"}}},
	}
	tests := []struct {
		action string
		want   bool
	}{
		{"sqs:SendMessage", true},
		{"sqs:SendMessageBatch", true},
		{"sqs:DeleteMessage", false},
		{"s3:PutObject", true},
		{"s3:DeleteBucket", false},
		{"DynamoDB:getitem", true},
		{"dynamodb:GetItems", false},
		{"dynamodb:BatchGetItem", false},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			if got := p.Allows(tt.action); got != tt.want {
				t.Errorf("Allows(%s) = %v, want %v", tt.action, got, tt.want)
			}
		})
	}
}
