package meta

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/proplink/chat/shared/whatsapp"
)

var _ whatsapp.ReadReceipter = (*Client)(nil)

// readRequest is the Cloud API body that marks an inbound message read.
type readRequest struct {
	MessagingProduct string `json:"messaging_product"`
	Status           string `json:"status"`
	MessageID        string `json:"message_id"`
}

// ReadMessage returns the body that marks the inbound message wamid read.
func ReadMessage(wamid string) ([]byte, error) {
	if wamid == "" {
		return nil, fmt.Errorf("meta: read receipt: no message id")
	}
	return json.Marshal(readRequest{MessagingProduct: "whatsapp", Status: "read", MessageID: wamid})
}

// MarkRead marks the person's message wamid (and the earlier ones) read: one POST to the
// number's messages endpoint, which answers {"success": true}.
func (c *Client) MarkRead(ctx context.Context, acct whatsapp.Account, wamid string) error {
	body, err := ReadMessage(wamid)
	if err != nil {
		return err
	}
	data, err := c.do(ctx, acct, "POST", c.messagesURL(acct), body)
	if err != nil {
		if _, ok := err.(*whatsapp.Error); ok {
			return err
		}
		return fmt.Errorf("meta: read receipt: %w", err)
	}
	var resp struct {
		Success bool `json:"success"`
	}
	if err := json.Unmarshal(data, &resp); err != nil || !resp.Success {
		return &whatsapp.Error{HTTPStatus: 200, Message: "read receipt not confirmed", Unconfirmed: true}
	}
	return nil
}
