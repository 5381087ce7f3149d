package twilio

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// MaxWebhookBody is the largest form body ParseForm accepts (64 KiB: a Twilio callback is a few
// hundred bytes, a long inbound text a few KiB).
const MaxWebhookBody = 64 << 10

// Errors of a webhook body.
var (
	ErrBodyTooLarge = errors.New("twilio: webhook body over 64 KiB")
	ErrNotWebhook   = errors.New("twilio: not a WhatsApp message webhook")
)

// ParseForm decodes a form-encoded webhook body. Verify its signature (VerifySignature) before
// trusting anything it says.
func ParseForm(body []byte) (url.Values, error) {
	if len(body) > MaxWebhookBody {
		return nil, ErrBodyTooLarge
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("twilio: webhook body is not form-encoded: %w", err)
	}
	return form, nil
}

// BusinessNumber is the business number's digits (the settings' phone number id) a webhook is
// for: To of an inbound message, From of a status callback; "" when neither is a WhatsApp
// address. It routes the webhook before the signature is checked with that organisation's token.
func BusinessNumber(form url.Values) string {
	if isInbound(form) {
		return Number(form.Get("To"))
	}
	return Number(form.Get("From"))
}

// Number is the E.164 digits of a Twilio WhatsApp address ("whatsapp:+447700900123" →
// "447700900123"), "" when it is not a WhatsApp address of digits.
func Number(addr string) string {
	n, ok := strings.CutPrefix(strings.TrimSpace(addr), AddressPrefix)
	if !ok {
		return ""
	}
	n = strings.TrimPrefix(n, "+")
	if n == "" || len(n) > 15 || strings.TrimLeft(n, "0123456789") != "" {
		return ""
	}
	return n
}

// The message statuses of Twilio's status callbacks.
var statuses = map[string]messaging.Status{
	"queued":      messaging.StatusQueued,
	"accepted":    messaging.StatusAccepted,
	"sending":     messaging.StatusAccepted,
	"sent":        messaging.StatusSent,
	"delivered":   messaging.StatusDelivered,
	"read":        messaging.StatusRead,
	"undelivered": messaging.StatusFailed,
	"failed":      messaging.StatusFailed,
}

// isInbound reports whether a form is an inbound message rather than a status callback.
func isInbound(form url.Values) bool {
	st := form.Get("MessageStatus")
	if st == "" {
		st = form.Get("SmsStatus")
	}
	return st == "received" || (st == "" && (form.Has("Body") || form.Has("NumMedia")))
}

// ParseWebhook turns one verified Twilio webhook (its form, and the callback data of the
// StatusCallback URL's CallbackParam) into the provider-neutral event the Meta parser would
// produce: an inbound message or a status update. Twilio's webhooks carry no time, so receivedAt
// stands for it. A form that is neither is ErrNotWebhook.
func ParseWebhook(form url.Values, callbackData string, receivedAt time.Time) (whatsapp.Event, error) {
	sid := form.Get("MessageSid")
	if sid == "" {
		sid = form.Get("SmsSid")
	}
	if sid == "" {
		return whatsapp.Event{}, fmt.Errorf("%w: no MessageSid", ErrNotWebhook)
	}
	ev := whatsapp.Event{Provider: messaging.ProviderTwilio, PhoneNumberID: BusinessNumber(form), Field: "messages"}
	if ev.PhoneNumberID == "" {
		return whatsapp.Event{}, fmt.Errorf("%w: no WhatsApp business address", ErrNotWebhook)
	}
	if isInbound(form) {
		m, err := inboundMessage(sid, form, receivedAt)
		if err != nil {
			return whatsapp.Event{}, err
		}
		ev.Message = m
		return ev, nil
	}
	raw := form.Get("MessageStatus")
	if raw == "" {
		raw = form.Get("SmsStatus")
	}
	st, ok := statuses[raw]
	if !ok {
		return whatsapp.Event{}, fmt.Errorf("%w: message status %.20q", ErrNotWebhook, raw)
	}
	su := &whatsapp.StatusUpdate{MessageID: sid, Status: st, Timestamp: receivedAt.UTC(),
		RecipientID: Number(form.Get("To")), CallbackData: callbackData}
	if code, err := strconv.Atoi(form.Get("ErrorCode")); err == nil && code != 0 {
		su.Errors = []messaging.StatusError{{Code: code, Title: raw, Details: form.Get("ErrorMessage")}}
	}
	ev.Status = su
	return ev, nil
}

// inboundMessage reads an inbound message: text, a quick-reply tap (an interactive button reply
// when its payload carries ButtonIDPrefix), a location or media (by its
// MediaUrl0, which needs the account's Basic auth to fetch).
func inboundMessage(sid string, form url.Values, receivedAt time.Time) (*whatsapp.InboundMessage, error) {
	from := Number(form.Get("From"))
	if from == "" {
		return nil, fmt.Errorf("%w: inbound message without a WhatsApp sender", ErrNotWebhook)
	}
	raw, _ := json.Marshal(form)
	m := &whatsapp.InboundMessage{ID: sid, From: from, ProfileName: form.Get("ProfileName"),
		Timestamp: receivedAt.UTC(), Type: whatsapp.TypeText, Text: form.Get("Body"), Raw: raw}
	if replied := form.Get("OriginalRepliedMessageSid"); replied != "" {
		m.Context = &whatsapp.MessageContext{MessageID: replied, From: Number(form.Get("OriginalRepliedMessageSender"))}
	}
	n, _ := strconv.Atoi(form.Get("NumMedia"))
	switch {
	case form.Get("ButtonPayload") != "" || form.Get("ButtonText") != "":
		m.Type, m.Text = whatsapp.TypeButton, form.Get("ButtonText")
		m.Interactive = &whatsapp.Reply{Kind: whatsapp.ReplyQuickButton, ID: form.Get("ButtonPayload"), Title: form.Get("ButtonText")}
		if id, ok := strings.CutPrefix(m.Interactive.ID, ButtonIDPrefix); ok {
			// A tap on SendButtons' quick reply: Meta's interactive button_reply.
			m.Type, m.Interactive.Kind, m.Interactive.ID = whatsapp.TypeInteractive, whatsapp.ReplyButton, id
		}
	case form.Get("Latitude") != "" && form.Get("Longitude") != "":
		lat, err1 := strconv.ParseFloat(form.Get("Latitude"), 64)
		lon, err2 := strconv.ParseFloat(form.Get("Longitude"), 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%w: location is not numeric", ErrNotWebhook)
		}
		m.Type, m.Text = whatsapp.TypeLocation, ""
		m.Location = &whatsapp.Location{Latitude: lat, Longitude: lon, Name: form.Get("Label"), Address: form.Get("Address")}
	case n > 0 && form.Get("MediaUrl0") != "":
		mime := form.Get("MediaContentType0")
		m.Type, m.Text = mediaType(mime, form.Get("MessageType")), ""
		m.Media = &whatsapp.Media{ID: form.Get("MediaUrl0"), MimeType: mime, Caption: form.Get("Body")}
	case strings.TrimSpace(m.Text) == "":
		m.Type, m.ProviderType = whatsapp.TypeUnsupported, form.Get("MessageType")
	}
	return m, nil
}

// mediaType is the message type of inbound media: Twilio's MessageType when it names one, else
// the media's MIME type.
func mediaType(mime, messageType string) string {
	switch messageType {
	case whatsapp.TypeImage, whatsapp.TypeVideo, whatsapp.TypeAudio, whatsapp.TypeDocument, whatsapp.TypeSticker:
		return messageType
	}
	switch {
	case mime == "image/webp":
		return whatsapp.TypeSticker
	case strings.HasPrefix(mime, "image/"):
		return whatsapp.TypeImage
	case strings.HasPrefix(mime, "video/"):
		return whatsapp.TypeVideo
	case strings.HasPrefix(mime, "audio/"):
		return whatsapp.TypeAudio
	}
	return whatsapp.TypeDocument
}
