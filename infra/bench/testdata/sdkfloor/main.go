// Command sdkfloor is the cold-start benchmark's second baseline: the hello-world function with
// the AWS SDK clients most functions build (DynamoDB, SSM, SQS) and nothing of ours, so that a
// function's figure can be read against what the SDK alone costs.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	awsssm "github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/proplink/chat/shared/lambdaenv"
)

func main() {
	cfg, err := lambdaenv.AWS(context.Background())
	if err != nil {
		panic(err)
	}
	db, ps, q := awsdynamodb.NewFromConfig(cfg), awsssm.NewFromConfig(cfg), awssqs.NewFromConfig(cfg)
	lambda.Start(func(ctx context.Context, in map[string]any) (map[string]any, error) {
		return map[string]any{"clients": db != nil && ps != nil && q != nil}, nil
	})
}
