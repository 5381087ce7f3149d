package socialmessaging

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

var _ whatsapp.ReadReceipter = (*Client)(nil)

// MarkRead marks the person's message wamid (and the earlier ones) read: one
// SendWhatsAppMessage carrying Meta's read receipt ({"messaging_product":"whatsapp",
// "status":"read","message_id":…}), which the service answers without a message id.
func (c *Client) MarkRead(ctx context.Context, acct whatsapp.Account, wamid string) error {
	body, err := meta.ReadMessage(wamid)
	if err != nil {
		return fmt.Errorf("socialmessaging: %w", err)
	}
	_, err = c.call(ctx, acct, body, "read receipt")
	return err
}
