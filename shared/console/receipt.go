package console

import (
	"context"
	"errors"
	"fmt"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// Receipts sends the provider's read receipt when staff read a conversation: the person sees
// blue ticks.
type Receipts struct {
	Settings interface {
		GetSettings(ctx context.Context, orgID string) (messaging.Settings, error)
	}
	Secrets interface {
		Get(ctx context.Context, name string) (string, error)
	}
	Provider whatsapp.ReadReceipter
}

// Send marks the person's message wamid (and the earlier ones) read at the provider. It
// reports false with no error when the organisation's provider has no read receipts.
func (r *Receipts) Send(ctx context.Context, orgID, wamid string) (bool, error) {
	st, err := r.Settings.GetSettings(ctx, orgID)
	if err != nil {
		return false, fmt.Errorf("console: read receipt settings of %s: %w", orgID, err)
	}
	acct, err := whatsapp.LoadAccount(ctx, r.Secrets, st)
	if err != nil {
		return false, fmt.Errorf("console: read receipt account of %s: %w", orgID, err)
	}
	if err := r.Provider.MarkRead(ctx, acct, wamid); err != nil {
		if errors.Is(err, whatsapp.ErrNoReadReceipts) {
			return false, nil
		}
		return false, fmt.Errorf("console: read receipt of %s: %w", orgID, err)
	}
	return true, nil
}
