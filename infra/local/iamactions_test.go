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
	policies := map[string]Policy{
		"RemindersFunction": {Allow: []string{"dynamodb:GetItem", "sqs:SendMessage*"}},
		"ApiFunction":       {Allow: []string{"s3:PutObject", "dynamodb:PutItem"}},
	}
	counts := map[string]map[string]int{
		"RemindersFunction": {"dynamodb:GetItem": 3, "dynamodb:BatchGetItem": 12, "sqs:SendMessageBatch": 4},
		"ApiFunction":       {"s3:HeadObject": 1, "s3:UploadPart": 2, "dynamodb:TransactWriteItems": 1},
		"StrayFunction":     {"sqs:SendMessage": 1},
		TestCaller:          {"dynamodb:DeleteTable": 1},
	}
	got := CheckPolicies(counts, policies)
	var lines []string
	for _, v := range got {
		lines = append(lines, v.String())
	}
	want := []string{
		"ApiFunction called s3:HeadObject, which needs s3:GetObject, which its policy does not allow (1 requests)",
		"RemindersFunction called dynamodb:BatchGetItem, which its policy does not allow (12 requests)",
		"StrayFunction called sqs:SendMessage, but the template gives it no policy (1 requests)",
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
	if got := CheckPolicies(counts, map[string]Policy{"RemindersFunction": {Allow: []string{"*"}}, "ApiFunction": {Allow: []string{"s3:*"}}, "StrayFunction": {Allow: []string{"sqs:*"}}}); len(got) != 1 || got[0].Operation != "dynamodb:TransactWriteItems" {
		t.Errorf("with broad policies got %v, want only ApiFunction's TransactWriteItems (no item action allowed)", got)
	}
}
