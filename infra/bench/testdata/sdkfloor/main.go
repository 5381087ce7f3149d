// Command sdkfloor is the cold-start benchmark's second baseline: the hello-world function with
// the AWS clients most functions build (the SDK's DynamoDB and SQS clients, shared/ssm's SSM
// client) and nothing else of ours, so that a function's figure can be read against what the
// AWS clients alone cost.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/ssm"
)

func main() {
	cfg, err := lambdaenv.AWS(context.Background())
	if err != nil {
		panic(err)
	}
	db, ps, q := awsdynamodb.NewFromConfig(cfg), ssm.New(cfg, "/bench", 0), awssqs.NewFromConfig(cfg)
	lambda.Start(func(ctx context.Context, in map[string]any) (map[string]any, error) {
		return map[string]any{"clients": db != nil && ps != nil && q != nil}, nil
	})
}
