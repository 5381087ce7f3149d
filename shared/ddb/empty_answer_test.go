package ddb

import (
	"context"
	"testing"
)

// TestEmptyAnswerIsAnEmptyOutput: the SDK's client reads a 2xx answer with no body as an output
// with no members (its JSON decoder stops at EOF); a write answered so has succeeded and must
// not be reported as failed.
func TestEmptyAnswerIsAnEmptyOutput(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		body string
		call func(*Client) error
	}{
		{"put_item", "", func(c *Client) error { _, err := c.PutItem(ctx, &PutItemInput{}); return err }},
		{"update_item", "", func(c *Client) error { _, err := c.UpdateItem(ctx, &UpdateItemInput{}); return err }},
		{"delete_item", "", func(c *Client) error { _, err := c.DeleteItem(ctx, &DeleteItemInput{}); return err }},
		{"transact_write_items", "", func(c *Client) error { _, err := c.TransactWriteItems(ctx, &TransactWriteItemsInput{}); return err }},
		{"white space", " \r\n", func(c *Client) error { _, err := c.PutItem(ctx, &PutItemInput{}); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := recordingClient(t, answer{Status: 200, Body: tt.body})
			if err := tt.call(c); err != nil {
				t.Errorf("got %v, want success", err)
			}
			if len(*seen) != 1 {
				t.Errorf("got %d requests, want 1", len(*seen))
			}
		})
	}
	c, _ := recordingClient(t, answer{Status: 200})
	out, err := c.GetItem(ctx, &GetItemInput{})
	if err != nil || out == nil || out.Item != nil {
		t.Errorf("got %v, %v, want an output without an item", out, err)
	}
}
