package socialmessaging

import (
	"context"
	"fmt"
	"strings"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// Client is the whatsapp.Provider for AWS End User Messaging Social.
type Client struct {
	api            API
	metaAPIVersion string
	media          Objects // nil: the client carries no media
}

var _ whatsapp.Provider = (*Client)(nil)

// New returns a Client calling api; metaAPIVersion "" means DefaultMetaAPIVersion.
func New(api API, metaAPIVersion string) *Client {
	if metaAPIVersion == "" {
		metaAPIVersion = DefaultMetaAPIVersion
	}
	return &Client{api: api, metaAPIVersion: metaAPIVersion}
}

// SendTemplate sends msg's Meta template message from the account's phone number.
func (c *Client) SendTemplate(ctx context.Context, acct whatsapp.Account, msg whatsapp.TemplateSend) (string, error) {
	body, err := meta.TemplateMessage(msg)
	if err != nil {
		return "", fmt.Errorf("socialmessaging: send template %s: %w", msg.Name, err)
	}
	return c.send(ctx, acct, body, "send template")
}

// SendText sends a free-form text from the account's phone number.
func (c *Client) SendText(ctx context.Context, acct whatsapp.Account, to, text, callbackData string) (string, error) {
	body, err := meta.TextMessage(to, text, callbackData)
	if err != nil {
		return "", fmt.Errorf("socialmessaging: send text: %w", err)
	}
	return c.send(ctx, acct, body, "send text")
}

// SendButtons sends an interactive reply-button message; a message failing msg.Validate is
// refused before any call with an error wrapping whatsapp.ErrInvalidMessage.
func (c *Client) SendButtons(ctx context.Context, acct whatsapp.Account, msg whatsapp.ButtonsSend) (string, error) {
	body, err := meta.ButtonsMessage(msg)
	if err != nil {
		return "", fmt.Errorf("socialmessaging: send buttons: %w", err)
	}
	return c.send(ctx, acct, body, "send buttons")
}

// send calls SendWhatsAppMessage in the region of the account's phone number ARN. Service
// failures are *whatsapp.Error; an answer without a message id is unconfirmed.
func (c *Client) send(ctx context.Context, acct whatsapp.Account, body []byte, what string) (string, error) {
	region, err := RegionOf(acct.PhoneNumberID, "phone-number-id")
	if err != nil {
		return "", fmt.Errorf("socialmessaging: %s: %w", what, err)
	}
	id, err := c.api.SendWhatsAppMessage(ctx, region, SendInput{
		OriginationPhoneNumberID: acct.PhoneNumberID, Message: body, MetaAPIVersion: c.metaAPIVersion,
	})
	if err != nil {
		if _, ok := err.(*whatsapp.Error); ok {
			return "", err
		}
		return "", fmt.Errorf("socialmessaging: %s: %w", what, err)
	}
	if id == "" {
		return "", &whatsapp.Error{HTTPStatus: 200, Message: "answer without a message id", Unconfirmed: true}
	}
	return id, nil
}

// maxTemplatePages bounds the listing so a looping nextToken cannot spin forever.
const maxTemplatePages = 100

// ListTemplates returns every template of the account's WABA (its ARN in WABAID). The service's
// listing carries no components: each template has its name, language, category, status and
// Meta id.
func (c *Client) ListTemplates(ctx context.Context, acct whatsapp.Account) ([]messaging.Template, error) {
	region, err := RegionOf(acct.WABAID, "waba")
	if err != nil {
		return nil, fmt.Errorf("socialmessaging: list templates: %w", err)
	}
	var out []messaging.Template
	token := ""
	for range maxTemplatePages {
		page, err := c.api.ListWhatsAppMessageTemplates(ctx, region, acct.WABAID, token)
		if err != nil {
			if _, ok := err.(*whatsapp.Error); ok {
				return nil, err
			}
			return nil, fmt.Errorf("socialmessaging: list templates: %w", err)
		}
		for _, s := range page.Templates {
			out = append(out, s.domain())
		}
		if page.NextToken == "" {
			return out, nil
		}
		token = page.NextToken
	}
	return nil, fmt.Errorf("socialmessaging: list templates: more than %d pages", maxTemplatePages)
}

// VerifyNumber confirms the account names a social-messaging phone number ARN; the IAM role,
// not a token, decides whether the number may be used, and a send shows it.
func (c *Client) VerifyNumber(_ context.Context, acct whatsapp.Account) error {
	if _, err := RegionOf(acct.PhoneNumberID, "phone-number-id"); err != nil {
		return fmt.Errorf("socialmessaging: verify number: %w", err)
	}
	return nil
}

// domain turns a template summary into the product's template.
func (s TemplateSummary) domain() messaging.Template {
	return messaging.Template{
		Name: s.TemplateName, DisplayName: meta.DisplayName(s.TemplateName),
		Language: s.TemplateLanguage, Category: strings.ToUpper(s.TemplateCategory),
		Status: strings.ToUpper(s.TemplateStatus), Components: []messaging.Component{},
		ProviderID: s.MetaTemplateID,
	}
}
