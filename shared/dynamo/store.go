package dynamo

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
)

// api is the part of the DynamoDB client the store uses.
type api interface {
	GetItem(ctx context.Context, in *ddb.GetItemInput, opts ...func(*ddb.Options)) (*ddb.GetItemOutput, error)
	PutItem(ctx context.Context, in *ddb.PutItemInput, opts ...func(*ddb.Options)) (*ddb.PutItemOutput, error)
	UpdateItem(ctx context.Context, in *ddb.UpdateItemInput, opts ...func(*ddb.Options)) (*ddb.UpdateItemOutput, error)
	Query(ctx context.Context, in *ddb.QueryInput, opts ...func(*ddb.Options)) (*ddb.QueryOutput, error)
	BatchGetItem(ctx context.Context, in *ddb.BatchGetItemInput, opts ...func(*ddb.Options)) (*ddb.BatchGetItemOutput, error)
	BatchWriteItem(ctx context.Context, in *ddb.BatchWriteItemInput, opts ...func(*ddb.Options)) (*ddb.BatchWriteItemOutput, error)
	TransactWriteItems(ctx context.Context, in *ddb.TransactWriteItemsInput, opts ...func(*ddb.Options)) (*ddb.TransactWriteItemsOutput, error)
}

// Store keeps the product's records in the one DynamoDB table.
type Store struct {
	db    api
	table string
}

// New returns a store over the table.
func New(client *ddb.Client, table string) *Store { return newStore(client, table) }

func newStore(db api, table string) *Store { return &Store{db: db, table: table} }

// get reads one item into out and reports whether it exists.
func (s *Store) get(ctx context.Context, k key, consistent bool, out any) (bool, error) {
	res, err := s.db.GetItem(ctx, &ddb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            k.av(),
		ConsistentRead: aws.Bool(consistent),
	})
	if err != nil {
		return false, err
	}
	if res.Item == nil {
		return false, nil
	}
	if err := attributevalue.UnmarshalMap(res.Item, out); err != nil {
		return false, fmt.Errorf("decode %s/%s: %w", k.PK, k.SK, err)
	}
	return true, nil
}

// put writes one item.
func (s *Store) put(ctx context.Context, item any) error {
	av, err := attributevalue.MarshalMap(item)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	_, err = s.db.PutItem(ctx, &ddb.PutItemInput{TableName: aws.String(s.table), Item: av})
	return err
}

// conditionFailed reports whether err is a failed condition, and returns the item as it was
// when the request asked for it with ReturnValuesOnConditionCheckFailure.
func conditionFailed(err error) (map[string]ddb.AttributeValue, bool) {
	var ccf *ddb.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		return ccf.Item, true
	}
	return nil, false
}

// s returns a string attribute value.
func sv(v string) ddb.AttributeValue { return &ddb.AttributeValueMemberS{Value: v} }

// nv returns a number attribute value.
func nv[T ~int | ~int64](v T) ddb.AttributeValue {
	return &ddb.AttributeValueMemberN{Value: fmt.Sprint(int64(v))}
}
