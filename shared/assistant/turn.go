package assistant

import "time"

// Roles a speaker can have.
type Role string

// The roles of the assistant.
const (
	RoleStaff      Role = "staff"
	RoleResident   Role = "resident"
	RoleContractor Role = "contractor"
)

// Turn is one inbound message the assistant answers. The inbound function builds it after the
// message is recorded in its conversation (and opt-out keywords are handled), and queues it on
// AssistantQueue in the conversation's FIFO group.
type Turn struct {
	OrgID          string `json:"org_id"`
	PhoneNumberID  string `json:"phone_number_id"`
	ConversationID string `json:"conversation_id"`
	Phone          string `json:"phone"`      // E.164 of the person
	WAID           string `json:"wa_id"`      // WhatsApp id as the provider sent it
	MessageID      string `json:"message_id"` // the inbound wamid: the idempotency key of any write
	ProfileName    string `json:"profile_name,omitempty"`
	Type           string `json:"type"` // text, image, document, interactive, button, …
	Text           string `json:"text,omitempty"`
	// ButtonID is the id of an interactive reply button, or a template quick-reply payload.
	ButtonID string `json:"button_id,omitempty"`
	// AttachmentIDs are the attachments the message carries (stored by the attachments
	// function under these ids; see attachments.MediaJob.AttachmentID).
	AttachmentIDs []string  `json:"attachment_ids,omitempty"`
	At            time.Time `json:"at"`
}

// Button is an interactive reply button: at most three per message, titles of at most 20
// characters, ids of at most 256.
type Button struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Reply is what the assistant says back: text, with reply buttons when it asks a yes/no or a
// short choice.
type Reply struct {
	Text    string   `json:"text"`
	Buttons []Button `json:"buttons,omitempty"`
	// Seq is the reply's position (from 0) among its turn's replies: with the turn's message id
	// it names the reply, so a redelivered turn sends none of them twice.
	Seq int `json:"seq,omitempty"`
	// Trace is why: the intent, entities and record ids behind the reply (logged and audited,
	// never sent).
	Trace []string `json:"-"`
	// Role is the role of the person answered, once the assistant has identified them; the
	// conversation records it for staff.
	Role Role `json:"role,omitempty"`
	// SiteID and SiteName are the person's one site, once the assistant knows it (a resident
	// whose units are all on one site, a staff member scoped to one site); the conversation
	// records it for staff.
	SiteID   string `json:"site_id,omitempty"`
	SiteName string `json:"site_name,omitempty"`
}

// Speaker is who is talking, as far as the organisation knows.
type Speaker struct {
	Role    Role     `json:"role"`
	Name    string   `json:"name,omitempty"`
	UserID  string   `json:"user_id,omitempty"`  // staff: the platform user
	SiteIDs []string `json:"site_ids,omitempty"` // staff: site scope; empty means every site
	// Permissions are a staff member's permission keys (messaging.Perm*).
	Permissions []string `json:"permissions,omitempty"`
	ContactID   string   `json:"contact_id,omitempty"` // resident
	UnitIDs     []string `json:"unit_ids,omitempty"`   // resident: their own units
	VendorID    string   `json:"vendor_id,omitempty"`  // contractor
}
