package assistant

import "time"

// SessionTTL is how long a conversation's assistant state is kept after its last turn.
const SessionTTL = 7 * 24 * time.Hour

// PendingTTL is how long a question the assistant asked (a missing entity, a numbered choice, a
// yes/no confirmation) waits for its answer; after it the next message starts afresh.
const PendingTTL = 15 * time.Minute

// Session is the assistant's state of one conversation between turns.
type Session struct {
	OrgID          string `json:"org_id"`
	ConversationID string `json:"conversation_id"`
	// Role is the role the person chose when their number is two people in the organisation
	// (asked once, then remembered).
	Role Role `json:"role,omitempty"`
	// UnknownTold records that a number matching nobody had its one polite reply.
	UnknownTold bool `json:"unknown_told,omitempty"`
	// Pending is the question awaiting an answer, if any.
	Pending *Pending `json:"pending,omitempty"`
	// LastMessageID is the last turn handled: a redelivered turn is answered once.
	LastMessageID string `json:"last_message_id,omitempty"`
	// Unsent holds the replies to LastMessageID not yet known to be sent: the turn is claimed
	// (saved) before its replies go out, and a redelivery sends what is left here.
	Unsent []Reply `json:"unsent,omitempty"`
	// LinkTries counts the wrong link codes this number sent, so codes cannot be guessed.
	LinkTries LinkTries `json:"link_tries,omitzero"`
	// Recent are the person's last few messages, the only context the careful AI layer gets.
	Recent []string `json:"recent,omitempty"`
	// Language is the language (ISO 639-1) the replies are in, when the AI layer read the
	// person's last fresh message in one of ReplyLanguages and the organisation allows it.
	Language string `json:"language,omitempty"`
	// Version is the optimistic-concurrency counter of the stored session.
	Version int64 `json:"version"`
}

// Pending kinds.
const (
	PendingEntity  = "entity"  // a missing entity: Want names its kind
	PendingChoice  = "choice"  // a numbered choice among Options
	PendingConfirm = "confirm" // a yes/no before Action
	PendingRole    = "role"    // which of two people the number is
)

// Pending is a question the assistant asked.
type Pending struct {
	Kind     string            `json:"kind"`
	Intent   string            `json:"intent"`
	Entities map[string]string `json:"entities,omitempty"` // what is known so far
	Want     string            `json:"want,omitempty"`     // the entity kind asked for
	Options  []Option          `json:"options,omitempty"`  // a numbered choice, in order
	Expires  time.Time         `json:"expires"`
	// Origin is the message that made the request: its id is the idempotency key of the write
	// a confirmation leads to, its text a ticket's opening message.
	Origin Origin `json:"origin"`
}

// Option is one numbered choice: the entity kind and id it stands for, and its label.
type Option struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Expired reports whether the pending question is past its time at now.
func (p *Pending) Expired(now time.Time) bool { return p == nil || !now.Before(p.Expires) }

// Origin is the message behind a request that spans several turns.
type Origin struct {
	MessageID     string   `json:"message_id"`
	Text          string   `json:"text,omitempty"`
	AttachmentIDs []string `json:"attachment_ids,omitempty"`
}

// MaxLinkTries wrong link codes from one number within LinkTryWindow stop it trying more
// until the window has passed: a six-digit code cannot be guessed in that many tries.
const (
	MaxLinkTries  = 5
	LinkTryWindow = time.Hour
)

// MsgLinkThrottled answers a number that sent too many wrong link codes.
const MsgLinkThrottled = "Too many wrong codes from this number. Wait an hour, then start a new link under Profile → PropLink Chat."

// LinkTries are a number's wrong link codes in the current window.
type LinkTries struct {
	Count int       `json:"count,omitempty"`
	Since time.Time `json:"since,omitzero"`
}

// blocked reports whether the number may not try another code at now.
func (l LinkTries) blocked(now time.Time) bool {
	return l.Count >= MaxLinkTries && now.Sub(l.Since) < LinkTryWindow
}

// failed counts one more wrong code at now, starting a new window when the last has passed.
func (l LinkTries) failed(now time.Time) LinkTries {
	if l.Since.IsZero() || now.Sub(l.Since) >= LinkTryWindow {
		return LinkTries{Count: 1, Since: now}
	}
	return LinkTries{Count: l.Count + 1, Since: l.Since}
}
