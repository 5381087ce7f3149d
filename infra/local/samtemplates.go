package local

import (
	"fmt"
	"strings"
)

// samTemplate is one SAM policy template: its actions and its resources, with {Param} standing
// for the template's parameters.
type samTemplate struct {
	actions   []string
	resources []string
}

// samPolicyTemplates holds the SAM policy templates this repo may use, exactly as
// samtranslator/policy_templates_data/policy_templates.json in aws/serverless-application-model
// defines them. A template not listed here is an error in FunctionPolicies, so using a new one
// means adding it here first.
var samPolicyTemplates = map[string]samTemplate{
	"DynamoDBCrudPolicy": {
		actions: []string{
			"dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan",
			"dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem",
			"dynamodb:DescribeTable", "dynamodb:ConditionCheckItem",
		},
		resources: []string{tableARN + "{TableName}", tableARN + "{TableName}/index/*"},
	},
	"DynamoDBReadPolicy": {
		actions: []string{
			"dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem",
			"dynamodb:DescribeTable",
		},
		resources: []string{tableARN + "{TableName}", tableARN + "{TableName}/index/*"},
	},
	"SQSSendMessagePolicy": {
		actions:   []string{"sqs:SendMessage*"},
		resources: []string{"arn:aws:sqs:" + Region + ":" + AccountID + ":{QueueName}"},
	},
	"SQSPollerPolicy": {
		actions: []string{
			"sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage",
			"sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage",
		},
		resources: []string{"arn:aws:sqs:" + Region + ":" + AccountID + ":{QueueName}"},
	},
	"S3ReadPolicy": {
		actions: []string{
			"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion",
			"s3:GetLifecycleConfiguration",
		},
		resources: []string{"arn:aws:s3:::{BucketName}", "arn:aws:s3:::{BucketName}/*"},
	},
	"S3CrudPolicy": {
		actions: []string{
			"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion",
			"s3:PutObject", "s3:PutObjectAcl", "s3:GetLifecycleConfiguration",
			"s3:PutLifecycleConfiguration", "s3:DeleteObject",
		},
		resources: []string{"arn:aws:s3:::{BucketName}", "arn:aws:s3:::{BucketName}/*"},
	},
	"SSMParameterReadPolicy": {
		actions:   []string{"ssm:DescribeParameters", "ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath"},
		resources: []string{"arn:aws:ssm:" + Region + ":" + AccountID + ":parameter/{ParameterName}"},
	},
}

const tableARN = "arn:aws:dynamodb:" + Region + ":" + AccountID + ":table/"

// statement fills the template's resources with its resolved parameters.
func (t samTemplate) statement(params any) (Statement, error) {
	m, _ := params.(map[string]any)
	var resources []string
	for _, r := range t.resources {
		open := strings.Index(r, "{")
		name := r[open+1 : strings.Index(r, "}")]
		v, ok := m[name].(string)
		if !ok || v == "" {
			return Statement{}, fmt.Errorf("parameter %s is missing or not a string", name)
		}
		resources = append(resources, strings.Replace(r, "{"+name+"}", v, 1))
	}
	return Statement{Actions: t.actions, Resources: resources}, nil
}
