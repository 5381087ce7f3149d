package whatsapp

import (
	"context"
	"errors"
)

// ErrNoReadReceipts is what a provider without an API for read receipts answers (Twilio).
var ErrNoReadReceipts = errors.New("whatsapp: the provider has no read receipts")

// ReadReceipter tells the person their message was read (the blue ticks on their phone).
type ReadReceipter interface {
	// MarkRead marks the inbound message wamid, and every earlier one of the conversation,
	// read. Safe to repeat. Failures are *Error, or ErrNoReadReceipts.
	MarkRead(ctx context.Context, acct Account, wamid string) error
}
