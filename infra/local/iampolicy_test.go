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
	want := map[string]Policy{
		"CaseNotesFunction": {Allow: []string{"dynamodb:GetItem", "dynamodb:UpdateItem"}},
		"WebhookFunction":   {Allow: []string{"dynamodb:GetItem", "sqs:SendMessage*", "ssm:GetParameter"}},
	}
	for fn, w := range want {
		if diff := cmp.Diff(w, got[fn]); diff != "" {
			t.Errorf("%s policy (-want +got):\n%s", fn, diff)
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
			want: Policy{Allow: []string{"s3:*", "ssm:GetParameter", "ssm:PutParameter"}, Deny: []string{"s3:DeleteBucket"}},
		},
		{
			name: "one statement mapping",
			yaml: `
Statement:
  Effect: Allow
  Action: sqs:ChangeMessageVisibility
  Resource: "*"`,
			want: Policy{Allow: []string{"sqs:ChangeMessageVisibility"}},
		},
		{
			name: "SAM templates",
			yaml: `
- SQSSendMessagePolicy: {QueueName: q}
- DynamoDBReadPolicy: {TableName: t}`,
			want: Policy{Allow: []string{"dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "sqs:SendMessage*"}},
		},
		{name: "no policies", yaml: `[]`, want: Policy{}},
		{name: "unknown template", yaml: `[{KinesisCrudPolicy: {StreamName: s}}]`, wantErr: "KinesisCrudPolicy is not modelled"},
		{name: "managed policy", yaml: `[AmazonDynamoDBFullAccess]`, wantErr: `managed policy "AmazonDynamoDBFullAccess"`},
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
	p := Policy{Allow: []string{"sqs:SendMessage*", "s3:*", "dynamodb:GetItem"}, Deny: []string{"s3:DeleteBucket"}}
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
