package socialmessaging

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// ErrNotEvent is a message that is neither an SNS notification nor a service event carrying a
// WhatsApp webhook entry.
var ErrNotEvent = errors.New("socialmessaging: not an End User Messaging Social event")

// Event is one service event: the linked accounts it concerns and what its webhook entry holds.
type Event struct {
	// MessageID is the service's id of the event (its messageId), for dedupe of redeliveries.
	MessageID string
	// WABAs and PhoneNumbers are the context's Meta ids with their ARNs; settings name the ARNs.
	WABAs        []LinkedID
	PhoneNumbers []LinkedID
	// Parsed is the webhook entry parsed as Meta's webhook parser does, every event stamped
	// messaging.ProviderAWSSocial.
	Parsed meta.Parsed
}

// LinkedID is a Meta id and the ARN the service gave the linked resource.
type LinkedID struct {
	MetaID string
	ARN    string
}

// snsEnvelope is an SNS notification as SQS receives it without raw message delivery.
type snsEnvelope struct {
	Type    string `json:"Type"`
	Message string `json:"Message"`
}

// wireEvent is the service's event (the SNS message).
type wireEvent struct {
	Context struct {
		MetaWabaIDs []struct {
			WabaID string `json:"wabaId"`
			ARN    string `json:"arn"`
		} `json:"MetaWabaIds"`
		MetaPhoneNumberIDs []struct {
			MetaPhoneNumberID string `json:"metaPhoneNumberId"`
			ARN               string `json:"arn"`
		} `json:"MetaPhoneNumberIds"`
	} `json:"context"`
	WebhookEntry *string `json:"whatsAppWebhookEntry"`
	MessageID    string  `json:"messageId"`
}

// ParseEvent parses an SQS message body from the event topic's subscription, with or without
// raw message delivery: the SNS notification's Message, or the body itself, is the service's
// event, whose whatsAppWebhookEntry (a JSON string of one Meta webhook entry) is parsed by
// meta.ParseWebhook. A body over meta.MaxWebhookBody, not JSON, or without a webhook entry is an
// error; a malformed item inside the entry is a Problem, as with Meta's webhooks.
func ParseEvent(body []byte) (Event, error) {
	if len(body) > meta.MaxWebhookBody {
		return Event{}, meta.ErrBodyTooLarge
	}
	var env snsEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return Event{}, fmt.Errorf("%w: %v", ErrNotEvent, err)
	}
	if env.Type == "Notification" {
		body = []byte(env.Message)
	}
	var w wireEvent
	if err := json.Unmarshal(body, &w); err != nil {
		return Event{}, fmt.Errorf("%w: message: %v", ErrNotEvent, err)
	}
	if w.WebhookEntry == nil {
		return Event{}, fmt.Errorf("%w: no whatsAppWebhookEntry", ErrNotEvent)
	}
	entry := json.RawMessage(*w.WebhookEntry)
	if !json.Valid(entry) {
		return Event{}, fmt.Errorf("%w: whatsAppWebhookEntry is not JSON", ErrNotEvent)
	}
	wrapped, err := json.Marshal(struct {
		Object string            `json:"object"`
		Entry  []json.RawMessage `json:"entry"`
	}{meta.ObjectWhatsApp, []json.RawMessage{entry}})
	if err != nil {
		return Event{}, fmt.Errorf("socialmessaging: wrap entry: %w", err)
	}
	parsed, err := meta.ParseWebhook(wrapped)
	if err != nil {
		return Event{}, fmt.Errorf("socialmessaging: %w", err)
	}
	parsed.SetProvider(messaging.ProviderAWSSocial)
	ev := Event{MessageID: w.MessageID, Parsed: parsed}
	for _, x := range w.Context.MetaWabaIDs {
		ev.WABAs = append(ev.WABAs, LinkedID{MetaID: x.WabaID, ARN: x.ARN})
	}
	for _, x := range w.Context.MetaPhoneNumberIDs {
		ev.PhoneNumbers = append(ev.PhoneNumbers, LinkedID{MetaID: x.MetaPhoneNumberID, ARN: x.ARN})
	}
	return ev, nil
}
