package whatsapp

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// Event is one item of a provider webhook, provider-neutral; exactly one payload pointer is set.
// Events carry JSON tags so they can travel on a queue unchanged.
type Event struct {
	Provider      string `json:"provider"` // messaging.ProviderMeta, messaging.ProviderDialog360, ...
	WABAID        string `json:"waba_id,omitempty"`
	PhoneNumberID string `json:"phone_number_id,omitempty"`
	// Field is the webhook field the item came in, e.g. "messages" or "user_preferences".
	Field string `json:"field,omitempty"`

	Message        *InboundMessage       `json:"message,omitempty"`
	Status         *StatusUpdate         `json:"status,omitempty"`
	Error          *WebhookError         `json:"error,omitempty"`
	TemplateUpdate *TemplateStatusUpdate `json:"template_update,omitempty"`
	Preference     *PreferenceUpdate     `json:"preference,omitempty"`
	Other          *RawChange            `json:"other,omitempty"`
}

// The kinds of event, as returned by Event.Kind.
const (
	KindMessage        = "message"
	KindStatus         = "status"
	KindError          = "error"
	KindTemplateUpdate = "template_update"
	KindPreference     = "preference"
	KindOther          = "other"
)

// Kind names the payload that is set, or "" when none or more than one is.
func (e Event) Kind() string {
	if e.PayloadCount() != 1 {
		return ""
	}
	switch {
	case e.Message != nil:
		return KindMessage
	case e.Status != nil:
		return KindStatus
	case e.Error != nil:
		return KindError
	case e.TemplateUpdate != nil:
		return KindTemplateUpdate
	case e.Preference != nil:
		return KindPreference
	}
	return KindOther
}

// PayloadCount returns how many payload pointers are set; a well-formed event has exactly one.
func (e Event) PayloadCount() int {
	n := 0
	for _, set := range []bool{e.Message != nil, e.Status != nil, e.Error != nil,
		e.TemplateUpdate != nil, e.Preference != nil, e.Other != nil} {
		if set {
			n++
		}
	}
	return n
}

// DedupeKey names the event for at-least-once delivery: redeliveries of the same item share it.
// Messages: "msg#<wamid>"; statuses: "st#<wamid>#<status>"; template updates:
// "tpl#<id>#<event>#<unix ts, or reason when no ts>"; preferences: "pref#<wa_id>#<category>#<value>#<ts>";
// anything else: "<kind>#" + a hash of the event's number and payload.
func (e Event) DedupeKey() string {
	switch {
	case e.PayloadCount() != 1:
		return "invalid#" + e.hash()
	case e.Message != nil:
		return "msg#" + e.Message.ID
	case e.Status != nil:
		return "st#" + e.Status.MessageID + "#" + string(e.Status.Status)
	case e.TemplateUpdate != nil:
		t := e.TemplateUpdate
		last := t.Reason
		if !t.Timestamp.IsZero() {
			last = strconv.FormatInt(t.Timestamp.Unix(), 10)
		}
		return "tpl#" + t.TemplateID + "#" + t.Event + "#" + last
	case e.Preference != nil:
		p := e.Preference
		return "pref#" + p.WAID + "#" + p.Category + "#" + p.Value + "#" + strconv.FormatInt(p.Timestamp.Unix(), 10)
	}
	return e.Kind() + "#" + e.hash()
}

// hash digests the event's business number and payload; json.Marshal compacts raw JSON, so the
// digest survives a queue round trip.
func (e Event) hash() string {
	b, _ := json.Marshal(struct {
		WABAID, PhoneNumberID, Field string
		Error                        *WebhookError
		Other                        *RawChange
	}{e.WABAID, e.PhoneNumberID, e.Field, e.Error, e.Other})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// The message types an InboundMessage may carry; anything else arrives as TypeUnsupported with
// ProviderType holding the provider's name for it.
const (
	TypeText        = "text"
	TypeImage       = "image"
	TypeVideo       = "video"
	TypeAudio       = "audio"
	TypeDocument    = "document"
	TypeSticker     = "sticker"
	TypeLocation    = "location"
	TypeContacts    = "contacts"
	TypeInteractive = "interactive"
	TypeButton      = "button"
	TypeReaction    = "reaction"
	TypeOrder       = "order"
	TypeSystem      = "system"
	TypeUnsupported = "unsupported"
)

// InboundMessage is a message a person sent to a business number.
type InboundMessage struct {
	ID           string    `json:"id"` // wamid
	From         string    `json:"from"`
	ProfileName  string    `json:"profile_name,omitempty"`
	Timestamp    time.Time `json:"timestamp"`
	Type         string    `json:"type"`                    // one of the Type* constants
	ProviderType string    `json:"provider_type,omitempty"` // the provider's type when it differs from Type
	// Text is what the person wrote or chose: the text body, a button's or list row's title, a
	// system notice. Media captions are in Media.Caption.
	Text        string          `json:"text,omitempty"`
	Media       *Media          `json:"media,omitempty"`
	Location    *Location       `json:"location,omitempty"`
	Contacts    json.RawMessage `json:"contacts,omitempty"` // the shared contact cards as sent
	Interactive *Reply          `json:"interactive,omitempty"`
	Reaction    *Reaction       `json:"reaction,omitempty"`
	Context     *MessageContext `json:"context,omitempty"`
	// Errors explain an unsupported message (e.g. 131051, message type unknown).
	Errors []messaging.StatusError `json:"errors,omitempty"`
	// Raw is the provider's message object exactly as received.
	Raw json.RawMessage `json:"raw,omitempty"`
}

// Media is an attachment; ID fetches it from the provider (Meta keeps webhook media 7 days).
type Media struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type,omitempty"`
	SHA256   string `json:"sha256,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
	Animated bool   `json:"animated,omitempty"` // stickers
	Voice    bool   `json:"voice,omitempty"`    // audio recorded as a voice note
}

// Location is a shared place.
type Location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
	URL       string  `json:"url,omitempty"`
}

// The kinds of Reply.
const (
	ReplyButton      = "button_reply" // interactive reply button
	ReplyList        = "list_reply"   // interactive list row
	ReplyFlow        = "nfm_reply"    // WhatsApp Flow completion
	ReplyQuickButton = "button"       // a template's quick-reply button
)

// Reply is the person's answer to an interactive message or a template quick-reply button.
type Reply struct {
	Kind        string `json:"kind"`         // one of the Reply* constants
	ID          string `json:"id,omitempty"` // button/row id, or the template button's payload
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	// ResponseJSON is a Flow's answer (nfm_reply.response_json), a JSON document as a string.
	ResponseJSON string `json:"response_json,omitempty"`
}

// Reaction is an emoji on an earlier message; an empty Emoji removes the reaction.
type Reaction struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji,omitempty"`
}

// MessageContext says what the message answers or that it was forwarded.
type MessageContext struct {
	From                string `json:"from,omitempty"`
	MessageID           string `json:"message_id,omitempty"` // the wamid replied to
	Forwarded           bool   `json:"forwarded,omitempty"`
	FrequentlyForwarded bool   `json:"frequently_forwarded,omitempty"`
}

// StatusUpdate reports the delivery status of a message the business sent. Provider statuses
// outside messaging's set (Meta's "deleted", "warning") are kept as sent; they rank 0.
type StatusUpdate struct {
	MessageID   string           `json:"message_id"` // wamid
	Status      messaging.Status `json:"status"`
	Timestamp   time.Time        `json:"timestamp"`
	RecipientID string           `json:"recipient_id,omitempty"`
	// CallbackData is biz_opaque_callback_data, echoed from the send.
	CallbackData       string                  `json:"callback_data,omitempty"`
	Errors             []messaging.StatusError `json:"errors,omitempty"`
	ConversationID     string                  `json:"conversation_id,omitempty"`
	ConversationOrigin string                  `json:"conversation_origin,omitempty"`
	PricingCategory    string                  `json:"pricing_category,omitempty"`
	PricingModel       string                  `json:"pricing_model,omitempty"`
	Billable           *bool                   `json:"billable,omitempty"`
}

// WebhookError is a system-, app- or account-level error reported outside any message.
type WebhookError struct {
	Code    int    `json:"code"`
	Title   string `json:"title,omitempty"`
	Message string `json:"message,omitempty"`
	Details string `json:"details,omitempty"`
	Href    string `json:"href,omitempty"`
}

// TemplateStatusUpdate reports a template's review or quality outcome (APPROVED, REJECTED,
// PAUSED, DISABLED, ...).
type TemplateStatusUpdate struct {
	TemplateID string    `json:"template_id"`
	Name       string    `json:"name,omitempty"`
	Language   string    `json:"language,omitempty"`
	Event      string    `json:"event"`
	Reason     string    `json:"reason,omitempty"`
	Category   string    `json:"category,omitempty"`
	Timestamp  time.Time `json:"timestamp,omitzero"`
}

// The values of PreferenceUpdate.Value.
const (
	PreferenceStop   = "stop"
	PreferenceResume = "resume"
)

// PreferenceUpdate is a person's choice about a category of messages (marketing stop/resume).
type PreferenceUpdate struct {
	WAID      string    `json:"wa_id"`
	Category  string    `json:"category"` // e.g. marketing_messages
	Value     string    `json:"value"`    // PreferenceStop or PreferenceResume
	Detail    string    `json:"detail,omitempty"`
	Timestamp time.Time `json:"timestamp"`
}

// RawChange is a webhook change the product does not model, kept whole.
type RawChange struct {
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}
