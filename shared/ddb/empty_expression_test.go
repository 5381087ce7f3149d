package ddb

import (
	"context"
	"strings"
	"testing"
)

// TestEmptyExpressionMapsAreLeftOut: DynamoDB refuses a request whose ExpressionAttributeNames
// or ExpressionAttributeValues is an empty map (ValidationException "... must not be empty"),
// though moto takes it; the SDK's client sends an empty map as {}. Ours leaves an empty map out,
// as it does a nil one, so a builder that declared no placeholder (shared/dynamo's update with
// only REMOVEs) makes a request DynamoDB takes.
func TestEmptyExpressionMapsAreLeftOut(t *testing.T) {
	ctx := context.Background()
	names, values := map[string]string{}, map[string]AttributeValue{}
	k := map[string]AttributeValue{"PK": s("a")}
	tests := []struct {
		name string
		call func(*Client) error
	}{
		{"get_item", func(c *Client) error {
			_, err := c.GetItem(ctx, &GetItemInput{Key: k, ExpressionAttributeNames: names})
			return err
		}},
		{"put_item", func(c *Client) error {
			_, err := c.PutItem(ctx, &PutItemInput{Item: k, ExpressionAttributeNames: names, ExpressionAttributeValues: values})
			return err
		}},
		{"update_item", func(c *Client) error {
			_, err := c.UpdateItem(ctx, &UpdateItemInput{Key: k, UpdateExpression: str("REMOVE a"), ExpressionAttributeNames: names, ExpressionAttributeValues: values})
			return err
		}},
		{"delete_item", func(c *Client) error {
			_, err := c.DeleteItem(ctx, &DeleteItemInput{Key: k, ExpressionAttributeNames: names, ExpressionAttributeValues: values})
			return err
		}},
		{"query", func(c *Client) error {
			_, err := c.Query(ctx, &QueryInput{ExpressionAttributeNames: names, ExpressionAttributeValues: values})
			return err
		}},
		{"scan", func(c *Client) error {
			_, err := c.Scan(ctx, &ScanInput{ExpressionAttributeNames: names, ExpressionAttributeValues: values})
			return err
		}},
		{"transact_write_items", func(c *Client) error {
			_, err := c.TransactWriteItems(ctx, &TransactWriteItemsInput{TransactItems: []TransactWriteItem{
				{Update: &Update{Key: k, ExpressionAttributeNames: names, ExpressionAttributeValues: values}},
				{Put: &Put{Item: k, ExpressionAttributeNames: names, ExpressionAttributeValues: values}},
				{Delete: &Delete{Key: k, ExpressionAttributeNames: names, ExpressionAttributeValues: values}},
				{ConditionCheck: &ConditionCheck{Key: k, ExpressionAttributeNames: names, ExpressionAttributeValues: values}},
			}})
			return err
		}},
		{"batch_get_item", func(c *Client) error {
			_, err := c.BatchGetItem(ctx, &BatchGetItemInput{RequestItems: map[string]KeysAndAttributes{"chat": {Keys: []map[string]AttributeValue{k}, ExpressionAttributeNames: names}}})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := recordingClient(t, answer{Status: 200, Body: `{}`})
			if err := tt.call(c); err != nil {
				t.Fatal(err)
			}
			_, body, _ := strings.Cut((*seen)[0], "\n\n")
			if strings.Contains(body, "ExpressionAttribute") {
				t.Errorf("got body %s, want no empty ExpressionAttributeNames or ExpressionAttributeValues", body)
			}
			if !strings.Contains(body, `{"PK":{"S":"a"}}`) && tt.name != "query" && tt.name != "scan" {
				t.Errorf("got body %s, want the key or item still sent", body)
			}
		})
	}
}
