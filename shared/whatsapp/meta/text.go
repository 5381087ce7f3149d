package meta

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/proplink/chat/shared/whatsapp"
)

// MaxTextLen is the Cloud API's limit on a text message body, in characters.
const MaxTextLen = 4096

// textRequest is the Cloud API body of a free-form text message.
type textRequest struct {
	MessagingProduct string   `json:"messaging_product"`
	RecipientType    string   `json:"recipient_type"`
	To               string   `json:"to"`
	Type             string   `json:"type"`
	CallbackData     string   `json:"biz_opaque_callback_data,omitempty"`
	Text             textBody `json:"text"`
}

// textBody is the text itself; links are not previewed.
type textBody struct {
	PreviewURL bool   `json:"preview_url"`
	Body       string `json:"body"`
}

// SendText sends a free-form text message from the account's number and returns the provider's
// message id (wamid). Meta refuses it (131047) outside the customer-service window.
func (c *Client) SendText(ctx context.Context, acct whatsapp.Account, to, text, callbackData string) (string, error) {
	body, err := TextMessage(to, text, callbackData)
	if err != nil {
		return "", fmt.Errorf("meta: send text: %w", err)
	}
	data, err := c.do(ctx, acct, "POST", c.messagesURL(acct), body)
	if err != nil {
		if _, ok := err.(*whatsapp.Error); ok {
			return "", err
		}
		return "", fmt.Errorf("meta: send text: %w", err)
	}
	var resp sendResponse
	if err := json.Unmarshal(data, &resp); err != nil || len(resp.Messages) == 0 || resp.Messages[0].ID == "" {
		return "", &whatsapp.Error{HTTPStatus: 200, Message: "answer without a message id", Unconfirmed: true}
	}
	return resp.Messages[0].ID, nil
}
