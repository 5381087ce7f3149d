// Package whatsapp is the provider port: what the product needs from a WhatsApp Business API
// provider, and how provider errors are classified. Adapters live in meta/ (Meta Cloud API and
// 360dialog, which speaks Meta's JSON) and twilio/ (Twilio's Messages and Content APIs).
package whatsapp

import (
	"context"

	"github.com/proplink/chat/shared/messaging"
)

// Account is what an adapter needs to reach one organisation's number.
type Account struct {
	Provider      string // messaging.ProviderMeta, ProviderDialog360 or ProviderTwilio
	BaseURL       string // e.g. https://graph.facebook.com; the adapter adds the API version
	Token         string // bearer token (Meta) or D360-API-KEY (360dialog); never logged
	PhoneNumberID string
	WABAID        string
}

// TemplateSend is one template message to send.
type TemplateSend struct {
	To       string // E.164
	Name     string
	Language string
	Rendered messaging.Rendered
	// CallbackData is echoed back on status webhooks as biz_opaque_callback_data (≤ 512 bytes).
	CallbackData string
}

// Provider sends messages and lists templates for an account.
type Provider interface {
	// SendTemplate sends a template message and returns the provider's message id (wamid).
	// Failures are *Error.
	SendTemplate(ctx context.Context, acct Account, msg TemplateSend) (string, error)
	// SendText sends a free-form text message (allowed only inside the customer-service window)
	// to the E.164 number to and returns the provider's message id (wamid). Failures are *Error.
	SendText(ctx context.Context, acct Account, to, text, callbackData string) (string, error)
	// SendButtons sends an interactive reply-button message (free-form: only inside the
	// customer-service window) and returns the provider's message id (wamid). A message that
	// fails msg.Validate is refused before any request with an error wrapping
	// ErrInvalidMessage; provider failures are *Error.
	SendButtons(ctx context.Context, acct Account, msg ButtonsSend) (string, error)
	// ListTemplates returns every template of the account's WABA, following pagination.
	ListTemplates(ctx context.Context, acct Account) ([]messaging.Template, error)
}
