package messaging

import "time"

// SendClaim is a store's answer to a claim on one outbound message (the sender's
// effectively-once record): exactly one of Acquired, Sent, Busy, Failed, Unknown is true.
type SendClaim struct {
	Acquired, Sent, Busy, Failed, Unknown bool
	// WAMID is the provider's message id, when Sent.
	WAMID string
	// Until is when the wait of an Unknown send ends.
	Until time.Time
	// Attempts counts the sends that were tried and released or failed.
	Attempts int
}

// EventClaim is a store's answer to a claim on one provider event (its dedupe record):
// exactly one of Acquired, Done, Busy is true.
type EventClaim struct {
	Acquired, Done, Busy bool
	// Attempts counts the claims taken, this one included when Acquired.
	Attempts int
}

// SendLoad is everything a template send to one recipient needs, read together.
type SendLoad struct {
	Settings    Settings
	Job         Job
	Template    Template
	Suppression Suppression
}

// InboundRecord is a person's message to record in their conversation.
type InboundRecord struct {
	OrgID, PhoneNumberID, Phone, ProfileName string
	Message                                  ConversationMessage
	// OptOut, when set, records the person's STOP (true) or START (false) on the conversation.
	OptOut *bool
}
