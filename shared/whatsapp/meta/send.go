package meta

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// sendRequest is the Cloud API body of a template message.
type sendRequest struct {
	MessagingProduct string       `json:"messaging_product"`
	RecipientType    string       `json:"recipient_type"`
	To               string       `json:"to"`
	Type             string       `json:"type"`
	CallbackData     string       `json:"biz_opaque_callback_data,omitempty"`
	Template         sendTemplate `json:"template"`
}

// sendTemplate names the template and carries its parameters.
type sendTemplate struct {
	Name       string          `json:"name"`
	Language   sendLanguage    `json:"language"`
	Components []sendComponent `json:"components,omitempty"`
}

// sendLanguage is the template's language code, e.g. en_GB.
type sendLanguage struct {
	Code string `json:"code"`
}

// sendComponent is the parameters of one header, body or button.
type sendComponent struct {
	Type       string          `json:"type"`
	SubType    string          `json:"sub_type,omitempty"`
	Index      string          `json:"index,omitempty"`
	Parameters []sendParameter `json:"parameters"`
}

// sendParameter is one text, media or quick-reply payload value.
type sendParameter struct {
	Type          string     `json:"type"`
	ParameterName string     `json:"parameter_name,omitempty"`
	Text          string     `json:"text,omitempty"`
	Image         *sendMedia `json:"image,omitempty"`
	Video         *sendMedia `json:"video,omitempty"`
	Document      *sendMedia `json:"document,omitempty"`
	// Payload is a quick-reply button's payload, brought back by a tap on it.
	Payload string `json:"payload,omitempty"`
}

// sendMedia points at media by uploaded id or by https link.
type sendMedia struct {
	ID   string `json:"id,omitempty"`
	Link string `json:"link,omitempty"`
}

// sendResponse is the Cloud API answer to an accepted send.
type sendResponse struct {
	Messages []struct {
		ID string `json:"id"`
	} `json:"messages"`
}

// SendTemplate sends msg from the account's number and returns the provider's message id
// (wamid). Failures are *whatsapp.Error, or a wrapped transport error.
func (c *Client) SendTemplate(ctx context.Context, acct whatsapp.Account, msg whatsapp.TemplateSend) (string, error) {
	body, err := TemplateMessage(msg)
	if err != nil {
		return "", err
	}
	data, err := c.do(ctx, acct, "POST", c.messagesURL(acct), body)
	if err != nil {
		if _, ok := err.(*whatsapp.Error); ok {
			return "", err
		}
		return "", fmt.Errorf("meta: send template %s: %w", msg.Name, err)
	}
	var resp sendResponse
	if err := json.Unmarshal(data, &resp); err != nil || len(resp.Messages) == 0 || resp.Messages[0].ID == "" {
		// Accepted (2xx) but without an id: the message may have gone, so it is unconfirmed
		// rather than failed.
		return "", &whatsapp.Error{HTTPStatus: 200, Message: "answer without a message id", Unconfirmed: true}
	}
	return resp.Messages[0].ID, nil
}

// messagesURL is where a send goes: {BaseURL}/{version}/{phone number id}/messages for Meta,
// {BaseURL}/messages for 360dialog (the key names the number).
func (c *Client) messagesURL(acct whatsapp.Account) string {
	if isDialog360(acct) {
		return baseURL(acct) + "/messages"
	}
	return baseURL(acct) + "/" + c.apiVersion + "/" + acct.PhoneNumberID + "/messages"
}

// buildSend turns a rendered template into the Cloud API body.
func buildSend(msg whatsapp.TemplateSend) sendRequest {
	req := sendRequest{
		MessagingProduct: "whatsapp",
		RecipientType:    "individual",
		To:               messaging.WAID(strings.TrimSpace(msg.To)),
		Type:             "template",
		CallbackData:     msg.CallbackData,
		Template: sendTemplate{
			Name:     msg.Name,
			Language: sendLanguage{Code: msg.Language},
		},
	}
	for _, rc := range msg.Rendered.Components {
		sc := sendComponent{Type: rc.Type, SubType: rc.SubType, Parameters: []sendParameter{}}
		if rc.Type == "button" {
			sc.Index = strconv.Itoa(rc.Index)
		}
		for _, p := range rc.Parameters {
			sc.Parameters = append(sc.Parameters, buildParameter(p))
		}
		req.Template.Components = append(req.Template.Components, sc)
	}
	return req
}

// buildParameter turns one rendered value into a Cloud API parameter.
func buildParameter(p messaging.Parameter) sendParameter {
	switch p.Type {
	case "image", "video", "document":
		m := &sendMedia{ID: p.Media}
		if strings.HasPrefix(p.Media, "https://") {
			m = &sendMedia{Link: p.Media}
		}
		sp := sendParameter{Type: p.Type}
		switch p.Type {
		case "image":
			sp.Image = m
		case "video":
			sp.Video = m
		default:
			sp.Document = m
		}
		return sp
	case "payload":
		return sendParameter{Type: "payload", Payload: p.Payload}
	}
	return sendParameter{Type: "text", ParameterName: p.Name, Text: p.Text}
}
