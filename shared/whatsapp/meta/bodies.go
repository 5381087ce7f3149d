package meta

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// TemplateMessage is the Cloud API message JSON of a template send, as other carriers of Meta's
// message object (AWS End User Messaging Social) send it.
func TemplateMessage(msg whatsapp.TemplateSend) ([]byte, error) {
	body, err := json.Marshal(buildSend(msg))
	if err != nil {
		return nil, fmt.Errorf("meta: template message %s: encode: %w", msg.Name, err)
	}
	return body, nil
}

// TextMessage is the Cloud API message JSON of a free-form text to the E.164 number to.
func TextMessage(to, text, callbackData string) ([]byte, error) {
	body, err := json.Marshal(textRequest{
		MessagingProduct: "whatsapp", RecipientType: "individual",
		To: messaging.WAID(strings.TrimSpace(to)), Type: "text", CallbackData: callbackData,
		Text: textBody{Body: text},
	})
	if err != nil {
		return nil, fmt.Errorf("meta: text message: encode: %w", err)
	}
	return body, nil
}

// ButtonsMessage is the Cloud API message JSON of an interactive reply-button message; a
// message failing msg.Validate is refused with an error wrapping whatsapp.ErrInvalidMessage.
func ButtonsMessage(msg whatsapp.ButtonsSend) ([]byte, error) {
	if err := msg.Validate(); err != nil {
		return nil, fmt.Errorf("meta: buttons message: %w", err)
	}
	req := buttonsRequest{
		MessagingProduct: "whatsapp", RecipientType: "individual",
		To: messaging.WAID(strings.TrimSpace(msg.To)), Type: "interactive", CallbackData: msg.CallbackData,
	}
	req.Interactive.Type = "button"
	req.Interactive.Body.Text = msg.Body
	for _, b := range msg.Buttons {
		var w wireButton
		w.Type, w.Reply.ID, w.Reply.Title = "reply", b.ID, b.Title
		req.Interactive.Action.Buttons = append(req.Interactive.Action.Buttons, w)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("meta: buttons message: encode: %w", err)
	}
	return body, nil
}
