package simulator

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/proplink/chat/shared/whatsapp/meta"
)

// Inbound is a message a person sends to a business number, to be delivered as Meta's inbound
// message webhook.
type Inbound struct {
	From        string `json:"from"` // the person's number (digits; a leading + is dropped)
	ProfileName string `json:"profile_name,omitempty"`
	// PhoneNumberID is the business number written to; the first account's when empty.
	PhoneNumberID string `json:"phone_number_id,omitempty"`
	// Type is Meta's message type; "text" when empty, or taken from the one payload set.
	Type        string              `json:"type,omitempty"`
	Text        string              `json:"text,omitempty"`
	Media       *InboundMedia       `json:"media,omitempty"` // image, video, audio, document, sticker
	Location    *InboundLocation    `json:"location,omitempty"`
	Reaction    *InboundReaction    `json:"reaction,omitempty"`
	Button      *InboundButton      `json:"button,omitempty"`      // a template's quick-reply button
	Interactive *InboundInteractive `json:"interactive,omitempty"` // a reply button or list row
	// ReplyTo is the wamid the message answers (Meta's context.id).
	ReplyTo string `json:"reply_to,omitempty"`
	WebhookOptions
}

// InboundMedia is an attachment by media id.
type InboundMedia struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type,omitempty"`
	SHA256   string `json:"sha256,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
	Voice    bool   `json:"voice,omitempty"`
}

// InboundLocation is a shared place.
type InboundLocation struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
}

// InboundReaction is an emoji on an earlier message ("" removes it).
type InboundReaction struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

// InboundButton is a template quick-reply button press.
type InboundButton struct {
	Payload string `json:"payload"`
	Text    string `json:"text"`
}

// InboundInteractive is a reply to an interactive message: Type "button_reply" or "list_reply".
type InboundInteractive struct {
	Type        string `json:"type"`
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// Injected is what an injection delivered: the new message's wamid and the receiver's answer
// to each POST.
type Injected struct {
	WAMID        string `json:"wamid"`
	HTTPStatuses []int  `json:"http_statuses"`
}

// InjectText delivers a text message from a person (digits or E.164) with a profile name to
// the first account's number, as Meta's signed webhook, and returns its wamid.
func (s *Simulator) InjectText(from, name, text string) (string, error) {
	in, err := s.Inject(context.Background(), Inbound{From: from, ProfileName: name, Text: text})
	return in.WAMID, err
}

// Inject delivers an inbound message webhook as a person would send it.
func (s *Simulator) Inject(ctx context.Context, in Inbound) (Injected, error) {
	acct, id, body, err := s.inbound(in)
	if err != nil {
		return Injected{}, err
	}
	codes, err := s.post(ctx, acct, WebhookDelivery{Kind: "message", WAMID: id, Body: body}, in.WebhookOptions)
	return Injected{WAMID: id, HTTPStatuses: codes}, err
}

// InboundWebhook returns the signed webhook Inject would POST for in, without sending it (for
// load tests that time their own requests): the new wamid, the body and its
// X-Hub-Signature-256 value.
func (s *Simulator) InboundWebhook(in Inbound) (wamid string, body []byte, signature string, err error) {
	acct, id, body, err := s.inbound(in)
	if err != nil {
		return "", nil, "", err
	}
	secret := s.appSecret(acct)
	if in.BadSignature {
		secret = "wrong-" + secret
	}
	return id, body, meta.Sign([]byte(secret), body), nil
}

// inbound builds an inbound message webhook body for the account in names.
func (s *Simulator) inbound(in Inbound) (Account, string, []byte, error) {
	acct := s.accounts[0]
	if in.PhoneNumberID != "" {
		a, ok := s.accountByPhone(in.PhoneNumberID)
		if !ok {
			return Account{}, "", nil, fmt.Errorf("simulator: no account for number %s", in.PhoneNumberID)
		}
		acct = a
	}
	from := strings.TrimPrefix(in.From, "+")
	if !digitsOnly.MatchString(from) {
		return Account{}, "", nil, errors.New("simulator: from must be a phone number in E.164 digits")
	}
	msg, err := inboundMessage(in, from)
	if err != nil {
		return Account{}, "", nil, err
	}
	s.mu.Lock()
	s.seq++
	id := wamid(from, s.seq)
	s.mu.Unlock()
	msg["id"], msg["from"], msg["timestamp"] = id, from, strconv.FormatInt(s.now().Unix(), 10)
	name := in.ProfileName
	if name == "" {
		name = "WhatsApp User"
	}
	body := envelope(acct, map[string]any{
		"contacts": []any{map[string]any{"profile": map[string]string{"name": name}, "wa_id": from}},
		"messages": []any{msg},
	})
	return acct, id, body, nil
}

// inboundMessage builds Meta's message object (without id, from and timestamp).
func inboundMessage(in Inbound, from string) (map[string]any, error) {
	typ := in.Type
	msg := map[string]any{}
	switch {
	case in.Media != nil:
		if typ == "" {
			typ = "image"
		}
		if !isMediaType(typ) {
			return nil, fmt.Errorf("simulator: media needs type image, video, audio, document or sticker, not %q", typ)
		}
		msg[typ] = in.Media
	case in.Location != nil:
		typ = "location"
		msg[typ] = in.Location
	case in.Reaction != nil:
		typ = "reaction"
		msg[typ] = in.Reaction
	case in.Button != nil:
		typ = "button"
		msg[typ] = in.Button
	case in.Interactive != nil:
		typ = "interactive"
		reply := map[string]string{"id": in.Interactive.ID, "title": in.Interactive.Title}
		if in.Interactive.Description != "" {
			reply["description"] = in.Interactive.Description
		}
		kind := in.Interactive.Type
		if kind != "button_reply" && kind != "list_reply" {
			return nil, fmt.Errorf(`simulator: interactive type must be "button_reply" or "list_reply", not %q`, kind)
		}
		msg[typ] = map[string]any{"type": kind, kind: reply}
	case typ == "" || typ == "text":
		if in.Text == "" {
			return nil, errors.New("simulator: a text message needs text")
		}
		typ = "text"
		msg[typ] = map[string]string{"body": in.Text}
	default:
		// Any other type (e.g. "unsupported", "order") goes as Meta sends types it cannot show.
		msg["errors"] = []any{map[string]any{"code": 131051, "title": "Message type unknown",
			"message": "Message type unknown", "error_data": map[string]string{"details": "Message type is currently not supported."}}}
	}
	msg["type"] = typ
	if in.ReplyTo != "" {
		msg["context"] = map[string]string{"from": DefaultDisplayPhoneNumber, "id": in.ReplyTo}
	}
	return msg, nil
}

func isMediaType(t string) bool {
	switch t {
	case "image", "video", "audio", "document", "sticker":
		return true
	}
	return false
}
