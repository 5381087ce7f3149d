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
	id, err := c.call(ctx, acct, body, what)
	if err != nil {
		return "", err
	}
	if id == "" {
		return "", &whatsapp.Error{HTTPStatus: 200, Message: "answer without a message id", Unconfirmed: true}
	}
	return id, nil
}

// call is one SendWhatsAppMessage of Meta's message JSON body from the account's phone number,
// in its ARN's region: the answer's message id ("" for none). Service failures are
// *whatsapp.Error.
func (c *Client) call(ctx context.Context, acct whatsapp.Account, body []byte, what string) (string, error) {
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
	return id, nil
}

// maxTemplatePages bounds the listing so a looping nextToken cannot spin forever.
const maxTemplatePages = 100

// ListTemplates returns every template of the account's WABA (its ARN in WABAID). The service's
// listing names each template (name, language, category, status, Meta id) without its
// components, so each listed template is then read with GetWhatsAppMessageTemplate: one request
// per page plus one per template. Every template is read on every sync because the listing
// cannot tell a changed one: it carries no version or update time, and Meta lets an approved
// template's content be edited under the same id, name and language.
func (c *Client) ListTemplates(ctx context.Context, acct whatsapp.Account) ([]messaging.Template, error) {
	region, err := RegionOf(acct.WABAID, "waba")
	if err != nil {
		return nil, fmt.Errorf("socialmessaging: list templates: %w", err)
	}
	summaries, err := c.listSummaries(ctx, region, acct.WABAID)
	if err != nil {
		return nil, err
	}
	out := make([]messaging.Template, 0, len(summaries))
	for _, s := range summaries {
		t, err := c.template(ctx, region, acct.WABAID, s)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// listSummaries pages through ListWhatsAppMessageTemplates.
func (c *Client) listSummaries(ctx context.Context, region, wabaID string) ([]TemplateSummary, error) {
	var out []TemplateSummary
	token := ""
	for range maxTemplatePages {
		page, err := c.api.ListWhatsAppMessageTemplates(ctx, region, wabaID, token)
		if err != nil {
			return nil, serviceErr(err, "list templates")
		}
		out = append(out, page.Templates...)
		if page.NextToken == "" {
			return out, nil
		}
		token = page.NextToken
	}
	return nil, fmt.Errorf("socialmessaging: list templates: more than %d pages", maxTemplatePages)
}

// template reads a listed template's definition and returns it with the listing's name, status
// and category (the listing is the service's word on those) and the definition's components.
func (c *Client) template(ctx context.Context, region, wabaID string, s TemplateSummary) (messaging.Template, error) {
	t := s.domain()
	body, err := c.api.GetWhatsAppMessageTemplate(ctx, region, wabaID, s.MetaTemplateID)
	if err != nil {
		return messaging.Template{}, serviceErr(err, "get template "+s.TemplateName)
	}
	def, err := meta.ParseTemplate(body)
	if err != nil {
		return messaging.Template{}, fmt.Errorf("socialmessaging: get template %s: %w", s.TemplateName, err)
	}
	t.Components, t.ParameterFormat, t.Variables = def.Components, def.ParameterFormat, def.Variables
	return t, nil
}

// serviceErr passes a *whatsapp.Error through (it is classified already) and wraps any other
// failure with what was being done.
func serviceErr(err error, what string) error {
	if _, ok := err.(*whatsapp.Error); ok {
		return err
	}
	return fmt.Errorf("socialmessaging: %s: %w", what, err)
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
