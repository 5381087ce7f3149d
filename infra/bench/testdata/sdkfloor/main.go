// Command sdkfloor is the cold-start benchmark's second baseline: the hello-world function with
// the AWS clients most functions build (shared/ddb's DynamoDB, shared/ssm's SSM and shared/sqsq's
// SQS clients, on the SDK's config, signer and retryer) and nothing else of ours, so that a
// function's figure can be read against what the AWS clients alone cost.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
)

func main() {
	cfg, err := lambdaenv.AWS(context.Background())
	if err != nil {
		panic(err)
	}
	db, ps, q := ddb.NewFromConfig(cfg), ssm.New(cfg, "/bench", 0), sqsq.NewClient(cfg, os.Getenv)
	lambda.Start(func(ctx context.Context, in map[string]any) (map[string]any, error) {
		return map[string]any{"clients": db != nil && ps != nil && q != nil}, nil
	})
}
