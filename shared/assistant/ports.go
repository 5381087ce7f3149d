package assistant

import (
	"context"
	"time"
)

// Sessions keeps each conversation's Session in DynamoDB with a TTL.
type Sessions interface {
	// Load returns the conversation's session, or a new empty one (Version 0) when there is none.
	Load(ctx context.Context, orgID, conversationID string) (Session, error)
	// Save stores s if the stored version is still s.Version (and stores it with Version+1);
	// a concurrent change is a *messaging.Error with CodeConflict and nothing is written.
	Save(ctx context.Context, s Session, now time.Time) error
}

// StaffLink is a staff member's WhatsApp number linked to their platform user.
type StaffLink struct {
	OrgID       string    `json:"org_id"`
	Phone       string    `json:"phone"` // E.164
	UserID      string    `json:"user_id"`
	Name        string    `json:"name"`
	OrgName     string    `json:"org_name,omitempty"` // the organisation, for "you're … at …"
	SiteIDs     []string  `json:"site_ids,omitempty"`
	Permissions []string  `json:"permissions,omitempty"`
	LinkedAt    time.Time `json:"linked_at"`
}

// StaffLinks keeps linked staff numbers and the short codes that link them.
type StaffLinks interface {
	// LinkedStaff returns the staff member linked to e164, or CodeNotFound.
	LinkedStaff(ctx context.Context, orgID, e164 string) (StaffLink, error)
	// Redeem links e164 to the user who started the link with code, if the code is this
	// organisation's and unexpired at now; the code is spent. An unknown, spent or expired
	// code is CodeNotFound.
	Redeem(ctx context.Context, orgID, code, e164 string, now time.Time) (StaffLink, error)
	// Unlink removes the link of e164 (no error when there is none).
	Unlink(ctx context.Context, orgID, e164 string) error
}

// Replier sends the assistant's reply into the conversation the turn came from (free-form:
// the turn itself opened the customer-service window), recording it in the conversation.
type Replier interface {
	Reply(ctx context.Context, t Turn, r Reply) error
}

// AuditEntry is one action the assistant took: who, what, when, via WhatsApp, with the message id.
type AuditEntry struct {
	OrgID     string    `json:"org_id"`
	At        time.Time `json:"at"`
	Channel   string    `json:"channel"` // "whatsapp"
	MessageID string    `json:"message_id"`
	Speaker   Speaker   `json:"speaker"`
	Intent    string    `json:"intent"`
	Action    string    `json:"action"`  // e.g. "ticket.created", "work_order.completed"
	Records   []string  `json:"records"` // references of what it read or wrote
	Trace     []string  `json:"trace,omitempty"`
}

// Auditor records actions; a retried turn records one entry per message id and action.
type Auditor interface {
	Audit(ctx context.Context, e AuditEntry) error
}

// Handovers tells whether staff have taken a conversation over at now (an explicit handover,
// or a staff reply in it within the handover time): the assistant then stays quiet.
type Handovers interface {
	StaffActive(ctx context.Context, orgID, conversationID string, now time.Time) (bool, error)
}

// Flag reasons: why a conversation shows to staff.
const (
	FlagUnknownContact = "unknown_contact" // a number that matches nobody in the organisation
	FlagTalkToStaff    = "talk_to_staff"   // the person asked for a person
	FlagNotUnderstood  = "not_understood"  // the person agreed to pass a message on
)

// Flags marks a conversation for staff attention with a reason; flagging a conversation again
// with the same reason is a no-op, so a retried turn flags once.
type Flags interface {
	Flag(ctx context.Context, orgID, conversationID, reason string) error
}
