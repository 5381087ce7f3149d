// Command tick is a test function for schedules and timeouts: it stores the event it got and
// sleeps for the event's sleepMs first.
package main

import (
	"context"
	"encoding/json"
	"os"
	"time"

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
	lambda.Start(func(ctx context.Context, raw json.RawMessage) (map[string]any, error) {
		var ev struct {
			SleepMs    int    `json:"sleepMs"`
			DetailType string `json:"detail-type"`
		}
		_ = json.Unmarshal(raw, &ev)
		time.Sleep(time.Duration(ev.SleepMs) * time.Millisecond)
		_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(os.Getenv("TABLE_NAME")), Item: map[string]types.AttributeValue{
			"PK": &types.AttributeValueMemberS{Value: "TICK"},
			"SK": &types.AttributeValueMemberS{Value: time.Now().Format(time.RFC3339Nano)},
			"ev": &types.AttributeValueMemberS{Value: string(raw)},
		}})
		return map[string]any{"pid": os.Getpid(), "detailType": ev.DetailType, "stage": os.Getenv("STAGE")}, err
	})
}
