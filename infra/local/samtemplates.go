package local

// samPolicyTemplates holds the actions of the SAM policy templates this repo may use, exactly
// as samtranslator/policy_templates_data/policy_templates.json in aws/serverless-application-model
// defines them (resources are not modelled). A template not listed here is an error in
// FunctionPolicies, so using a new one means adding it here first.
var samPolicyTemplates = map[string][]string{
	"DynamoDBCrudPolicy": {
		"dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan",
		"dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem",
		"dynamodb:DescribeTable", "dynamodb:ConditionCheckItem",
	},
	"DynamoDBReadPolicy": {
		"dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem",
		"dynamodb:DescribeTable",
	},
	"SQSSendMessagePolicy": {"sqs:SendMessage*"},
	"SQSPollerPolicy": {
		"sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage",
		"sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage",
	},
	"S3ReadPolicy": {
		"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion",
		"s3:GetLifecycleConfiguration",
	},
	"S3CrudPolicy": {
		"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion",
		"s3:PutObject", "s3:PutObjectAcl", "s3:GetLifecycleConfiguration",
		"s3:PutLifecycleConfiguration", "s3:DeleteObject",
	},
	"SSMParameterReadPolicy": {
		"ssm:DescribeParameters", "ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath",
	},
}
