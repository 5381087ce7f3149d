package meta

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/proplink/chat/shared/whatsapp"
)

// buttonsRequest is the Cloud API body of an interactive reply-button message.
type buttonsRequest struct {
	MessagingProduct string             `json:"messaging_product"`
	RecipientType    string             `json:"recipient_type"`
	To               string             `json:"to"`
	Type             string             `json:"type"`
	CallbackData     string             `json:"biz_opaque_callback_data,omitempty"`
	Interactive      interactiveButtons `json:"interactive"`
}

type interactiveButtons struct {
	Type string `json:"type"` // "button"
	Body struct {
		Text string `json:"text"`
	} `json:"body"`
	Action struct {
		Buttons []wireButton `json:"buttons"`
	} `json:"action"`
}

type wireButton struct {
	Type  string `json:"type"` // "reply"
	Reply struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"reply"`
}

// SendButtons sends an interactive reply-button message from the account's number and returns
// the provider's message id (wamid). A message breaking the Cloud API's limits is refused
// before any request (an error wrapping whatsapp.ErrInvalidMessage); Meta refuses it (131047)
// outside the customer-service window.
func (c *Client) SendButtons(ctx context.Context, acct whatsapp.Account, msg whatsapp.ButtonsSend) (string, error) {
	body, err := ButtonsMessage(msg)
	if err != nil {
		return "", fmt.Errorf("meta: send buttons: %w", err)
	}
	return c.sendMessage(ctx, acct, body, "send buttons")
}

// sendMessage posts one message body to the account's messages endpoint and returns the wamid
// of the answer; provider failures stay *whatsapp.Error.
func (c *Client) sendMessage(ctx context.Context, acct whatsapp.Account, body []byte, what string) (string, error) {
	data, err := c.do(ctx, acct, "POST", c.messagesURL(acct), body)
	if err != nil {
		if _, ok := err.(*whatsapp.Error); ok {
			return "", err
		}
		return "", fmt.Errorf("meta: %s: %w", what, err)
	}
	var resp sendResponse
	if err := json.Unmarshal(data, &resp); err != nil || len(resp.Messages) == 0 || resp.Messages[0].ID == "" {
		return "", &whatsapp.Error{HTTPStatus: 200, Message: "answer without a message id", Timeout: true}
	}
	return resp.Messages[0].ID, nil
}
