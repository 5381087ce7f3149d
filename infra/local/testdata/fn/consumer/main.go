// Command consumer is a test SQS function: it stores every record's body in the table and reports
// a batch item failure for bodies containing "fail"; bodies containing "slow" take 100 ms.
package main

import (
	"context"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		panic(err)
	}
	db := dynamodb.NewFromConfig(cfg)
	table := os.Getenv("TABLE_NAME")
	lambda.Start(func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		var resp events.SQSEventResponse
		for _, r := range ev.Records {
			if strings.Contains(r.Body, "fail") {
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: r.MessageId})
				continue
			}
			if strings.Contains(r.Body, "slow") {
				time.Sleep(100 * time.Millisecond)
			}
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: map[string]types.AttributeValue{
				"PK":     &types.AttributeValueMemberS{Value: "MSG#" + r.Body},
				"SK":     &types.AttributeValueMemberS{Value: r.MessageId},
				"source": &types.AttributeValueMemberS{Value: r.EventSourceARN},
				"group":  &types.AttributeValueMemberS{Value: r.Attributes["MessageGroupId"]},
				"at":     &types.AttributeValueMemberN{Value: strconv.FormatInt(time.Now().UnixNano(), 10)},
			}})
			if err != nil {
				return resp, err
			}
		}
		return resp, nil
	})
}
