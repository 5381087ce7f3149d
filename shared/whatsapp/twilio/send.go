package twilio

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/proplink/chat/shared/whatsapp"
)

// CallbackParam is the StatusCallback URL's query parameter carrying a send's callback data:
// Twilio has no biz_opaque_callback_data, but it calls the URL exactly as given, so the data comes
// back on every status callback of the message (and is covered by its signature).
const CallbackParam = "cb"

// AddressPrefix marks a WhatsApp address in Twilio's To and From.
const AddressPrefix = "whatsapp:"

// messageAnswer is Twilio's answer to an accepted message.
type messageAnswer struct {
	SID string `json:"sid"`
}

// SendTemplate sends the Content template msg.Name (its Content SID) with its variables as
// ContentVariables and returns Twilio's message SID. Failures are *whatsapp.Error, or a wrapped
// transport error; a template parameter without a variable name is refused before any request
// (whatsapp.ErrInvalidMessage).
func (c *Client) SendTemplate(ctx context.Context, acct whatsapp.Account, msg whatsapp.TemplateSend) (string, error) {
	vars, err := contentVariables(msg)
	if err != nil {
		return "", fmt.Errorf("twilio: send template %s: %w", msg.Name, err)
	}
	form := c.message(acct, msg.To, msg.CallbackData)
	form.Set("ContentSid", msg.Name)
	if vars != "" {
		form.Set("ContentVariables", vars)
	}
	return c.send(ctx, acct, form, "send template "+msg.Name)
}

// SendText sends a free-form text (Body), which Twilio refuses (63016) outside the
// customer-service window, and returns Twilio's message SID.
func (c *Client) SendText(ctx context.Context, acct whatsapp.Account, to, text, callbackData string) (string, error) {
	form := c.message(acct, to, callbackData)
	form.Set("Body", text)
	return c.send(ctx, acct, form, "send text")
}

// message is the form every send shares: the WhatsApp addresses and the status callback.
func (c *Client) message(acct whatsapp.Account, to, callbackData string) url.Values {
	form := url.Values{}
	form.Set("To", Address(to))
	form.Set("From", Address(acct.PhoneNumberID))
	if cb := c.callbackURL(callbackData); cb != "" {
		form.Set("StatusCallback", cb)
	}
	return form
}

// callbackURL is the StatusCallback of a send carrying callbackData.
func (c *Client) callbackURL(callbackData string) string {
	if c.statusCallback == "" || callbackData == "" {
		return c.statusCallback
	}
	sep := "?"
	if strings.Contains(c.statusCallback, "?") {
		sep = "&"
	}
	return c.statusCallback + sep + CallbackParam + "=" + url.QueryEscape(callbackData)
}

// send posts one message form and returns the SID of the answer.
func (c *Client) send(ctx context.Context, acct whatsapp.Account, form url.Values, what string) (string, error) {
	cred, err := ParseCredentials(acct.Token)
	if err != nil {
		return "", fmt.Errorf("twilio: %s: %w", what, err)
	}
	u := apiBase(acct) + "/2010-04-01/Accounts/" + url.PathEscape(cred.AccountSID) + "/Messages.json"
	data, err := c.do(ctx, cred, "POST", u, form)
	if err != nil {
		if _, ok := err.(*whatsapp.Error); ok {
			return "", err
		}
		return "", fmt.Errorf("twilio: %s: %w", what, err)
	}
	var a messageAnswer
	if json.Unmarshal(data, &a) != nil || a.SID == "" {
		return "", &whatsapp.Error{HTTPStatus: 200, Message: "answer without a message sid", Unconfirmed: true}
	}
	return a.SID, nil
}

// Address is the Twilio WhatsApp address of an E.164 number: "whatsapp:+<digits>".
func Address(e164 string) string {
	n := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(e164), AddressPrefix))
	if !strings.HasPrefix(n, "+") {
		n = "+" + n
	}
	return AddressPrefix + n
}

// contentVariables is the JSON object of a template's values by variable name ({"1":"Ann"}),
// "" when it has none. Twilio's templates are mapped with named variables, so every rendered
// parameter carries its name; media parameters are Content template media variables too.
func contentVariables(msg whatsapp.TemplateSend) (string, error) {
	vars := map[string]string{}
	for _, rc := range msg.Rendered.Components {
		for _, p := range rc.Parameters {
			if p.Name == "" {
				return "", fmt.Errorf("%w: a %s parameter has no variable name (Twilio templates are sent by named content variables)", whatsapp.ErrInvalidMessage, rc.Type)
			}
			v := p.Text
			if p.Media != "" {
				v = p.Media
			}
			vars[p.Name] = v
		}
	}
	if len(vars) == 0 {
		return "", nil
	}
	b, err := json.Marshal(vars)
	if err != nil {
		return "", fmt.Errorf("encode content variables: %w", err)
	}
	return string(b), nil
}

// PublicURLEnv names the environment variable holding the stack's public base URL (its custom
// domain, or the API's execute-api URL): Twilio calls StatusCallbackURL of it back.
const PublicURLEnv = "PUBLIC_API_URL"

// StatusCallbackURL is the /webhooks/twilio route under the public base URL; "" when the base
// is empty (Twilio then uses the status callback configured on the sender).
func StatusCallbackURL(publicBase string) string {
	if publicBase = strings.TrimRight(strings.TrimSpace(publicBase), "/"); publicBase == "" {
		return ""
	}
	return publicBase + "/webhooks/twilio"
}

// SendMedia sends m.Link, a short-lived URL Twilio fetches the bytes from, as MediaUrl with the
// caption as Body (Twilio has no media upload; m.MediaID is not used) and returns Twilio's
// message SID. A message without an absolute http(s) Link is refused before any request.
func (c *Client) SendMedia(ctx context.Context, acct whatsapp.Account, m whatsapp.MediaSend) (string, error) {
	u, err := url.Parse(m.Link)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("twilio: send media: %w: a %s needs an absolute http(s) link", whatsapp.ErrInvalidMessage, m.Kind)
	}
	form := c.message(acct, m.To, m.CallbackData)
	form.Set("MediaUrl", m.Link)
	if m.Caption != "" {
		form.Set("Body", m.Caption)
	}
	return c.send(ctx, acct, form, "send media")
}
