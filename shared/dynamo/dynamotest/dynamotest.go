// Package dynamotest creates the product's DynamoDB table, exactly as template.yaml declares
// it, in a test's AWS endpoint (moto).
package dynamotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// CreateTable creates a fresh table shaped like template.yaml's Table (PK/SK, GSI1 with
// projection ALL, TTL on expires_at) under a unique name, and returns the name.
func CreateTable(t testing.TB, cfg aws.Config) string {
	t.Helper()
	ctx := context.Background()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("dynamotest: table name: %v", err)
	}
	name := "proplink-test-" + hex.EncodeToString(b)
	db := dynamodb.NewFromConfig(cfg)
	s := func(n string) types.AttributeDefinition {
		return types.AttributeDefinition{AttributeName: aws.String(n), AttributeType: types.ScalarAttributeTypeS}
	}
	k := func(n string, kt types.KeyType) types.KeySchemaElement {
		return types.KeySchemaElement{AttributeName: aws.String(n), KeyType: kt}
	}
	_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{s("PK"), s("SK"), s("GSI1PK"), s("GSI1SK")},
		KeySchema:            []types.KeySchemaElement{k("PK", types.KeyTypeHash), k("SK", types.KeyTypeRange)},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
			IndexName:  aws.String("GSI1"),
			KeySchema:  []types.KeySchemaElement{k("GSI1PK", types.KeyTypeHash), k("GSI1SK", types.KeyTypeRange)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}},
		SSESpecification: &types.SSESpecification{Enabled: aws.Bool(true)},
	})
	// The name is random, so a table already in use is our own first attempt, answered after
	// the SDK had given up on it and retried.
	var inUse *types.ResourceInUseException
	if err != nil && !errors.As(err, &inUse) {
		t.Fatalf("dynamotest: create table %s: %v", name, err)
	}
	_, err = db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName: aws.String(name),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{
			AttributeName: aws.String("expires_at"), Enabled: aws.Bool(true),
		},
	})
	if err != nil {
		t.Fatalf("dynamotest: enable TTL on %s: %v", name, err)
	}
	return name
}
