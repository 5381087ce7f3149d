package messaging

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// CustomerServiceWindow is how long after a person's last message free-form replies may be
// sent; outside it only templates go.
const CustomerServiceWindow = 24 * time.Hour

// The directions of a conversation message.
const (
	DirectionInbound  = "inbound"
	DirectionOutbound = "outbound"
)

// The refusals of the suppression list and the customer-service window.
const (
	MsgOptedOut           = "The recipient has opted out of WhatsApp messages (they replied STOP)"
	MsgMarketingStopped   = "The recipient has stopped marketing messages; only utility and authentication templates can be sent"
	MsgWindowClosed       = "The customer-service window has closed (no message from this person in the last 24 hours). Send an approved template instead."
	MsgConversationAbsent = "Conversation not found. It may not exist or belong to a different organisation."
)

// Conversation is one organisation's business number talking with one person.
type Conversation struct {
	ID            string `json:"id"`
	OrgID         string `json:"-"`
	PhoneNumberID string `json:"phone_number_id"`
	Phone         string `json:"phone"` // E.164
	ProfileName   string `json:"profile_name,omitempty"`
	// LastInboundAt is the person's last message: the customer-service window's start.
	LastInboundAt  time.Time `json:"last_inbound_at,omitzero"`
	LastOutboundAt time.Time `json:"last_outbound_at,omitzero"`
	LastActivityAt time.Time `json:"last_activity_at,omitzero"`
	// LastJobID is the job of the latest message sent to the person, when known.
	LastJobID int64     `json:"last_job_id,omitempty"`
	OptedInAt time.Time `json:"opted_in_at,omitzero"`
	OptedOut  bool      `json:"opted_out"`
	// Flags mark the conversation for staff (FlagUnknownContact, FlagNeedsStaff).
	Flags []string `json:"flags,omitempty"`
	// StaffUntil is when staff's hold on the conversation ends (an explicit handover or a staff
	// reply); the assistant stays quiet until then.
	StaffUntil time.Time `json:"staff_until,omitzero"`
	// Queue is the staff member's or site's queue a click-to-chat link put the conversation in
	// ("staff:<user>", "site:<site>"; ChatLink.Queue).
	Queue string `json:"queue,omitempty"`
	// Role is who the person is to the organisation when the assistant has identified them
	// (RoleResident, RoleContractor, RoleStaff); empty until it has.
	Role string `json:"role,omitempty"`
	// SiteID is the person's site when the assistant has identified it (a resident's units' one
	// site, a staff member's one site in scope); empty until it has.
	SiteID string `json:"site_id,omitempty"`
	// SiteName is the site's name as the assistant knew it then.
	SiteName string `json:"site_name,omitempty"`
}

// Identity is what the assistant has identified about a conversation's person: their role
// (Role*) and, when they have exactly one, their site; empty fields are not known yet.
type Identity struct {
	Role     string
	SiteID   string
	SiteName string
}

// The roles the assistant tells a person by (Conversation.Role).
const (
	RoleResident   = "resident"
	RoleContractor = "contractor"
	RoleStaff      = "staff"
)

// ConversationID names the conversation of an organisation's number with a person: a digest,
// so that URLs and logs never carry the phone number.
func ConversationID(orgID, phoneNumberID, e164 string) string {
	sum := sha256.Sum256([]byte("conv|v1|" + orgID + "|" + phoneNumberID + "|" + e164))
	return "c" + hex.EncodeToString(sum[:12])
}

// WindowOpen reports whether a free-form message may be sent at now.
func (c Conversation) WindowOpen(now time.Time) bool {
	return !c.LastInboundAt.IsZero() && now.Sub(c.LastInboundAt) < CustomerServiceWindow
}

// ConversationMessage is one message of a conversation, either way. Media are references only.
type ConversationMessage struct {
	ID              string          `json:"id"` // the wamid of an inbound message, our id of an outbound one
	Direction       string          `json:"direction"`
	Type            string          `json:"type"` // text, image, location, template, ...
	Text            string          `json:"text,omitempty"`
	Media           *MediaRef       `json:"media,omitempty"`
	Location        *Place          `json:"location,omitempty"`
	Contacts        json.RawMessage `json:"contacts,omitempty"`
	Reply           *ReplyRef       `json:"reply,omitempty"`
	Reaction        *ReactionRef    `json:"reaction,omitempty"`
	ReplyTo         string          `json:"reply_to,omitempty"` // the wamid answered
	Template        string          `json:"template,omitempty"`
	ProviderMessage string          `json:"provider_message_id,omitempty"`
	Status          Status          `json:"status,omitempty"`
	// Errors are the provider's reasons when Status is failed.
	Errors     []StatusError `json:"errors,omitempty"`
	JobID      int64         `json:"job_id,omitempty"`
	AuthorName string        `json:"author_name,omitempty"`
	At         time.Time     `json:"at"`
}

// MediaRef points at an attachment held by the provider.
type MediaRef struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type,omitempty"`
	SHA256   string `json:"sha256,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
	// AttachmentID is our copy of the media in S3 (GET /api/whatsapp/attachments/{id}).
	AttachmentID string `json:"attachment_id,omitempty"`
}

// Place is a shared location.
type Place struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
	URL       string  `json:"url,omitempty"`
}

// ReplyRef is a person's answer to a button or list.
type ReplyRef struct {
	Kind  string `json:"kind"`
	ID    string `json:"id,omitempty"`
	Title string `json:"title,omitempty"`
}

// ReactionRef is an emoji on an earlier message; an empty emoji removes it.
type ReactionRef struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji,omitempty"`
}

// Suppression is what a person has asked not to receive, per organisation.
type Suppression struct {
	Phone            string    `json:"phone"`
	OptedOut         bool      `json:"opted_out"`
	OptedOutAt       time.Time `json:"opted_out_at,omitzero"`
	MarketingStopped bool      `json:"marketing_stopped"`
	MarketingReason  string    `json:"marketing_reason,omitempty"`
}

// CheckTemplate refuses a template of the given category the person does not want: nothing
// after STOP, no MARKETING template after a marketing stop.
func (s Suppression) CheckTemplate(category string) error {
	if s.OptedOut {
		return Errorf(CodeUnprocessable, MsgOptedOut)
	}
	if s.MarketingStopped && category == "MARKETING" {
		return Errorf(CodeUnprocessable, MsgMarketingStopped)
	}
	return nil
}
