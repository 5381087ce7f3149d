package messaging

import "time"

// OutboundMessage is one template message to one recipient about one job, as it travels from
// the API or the reminders to the sender. ID is ours and stays the same across retries.
type OutboundMessage struct {
	ID            string    `json:"id"`
	OrgID         string    `json:"org_id"`
	JobID         int64     `json:"job_id"`
	Recipient     string    `json:"recipient"` // E.164
	TemplateID    int       `json:"template_id"`
	TemplateName  string    `json:"template_name"`
	Language      string    `json:"language"`
	Rendered      Rendered  `json:"rendered"`
	SentByUserID  string    `json:"sent_by_user_id,omitempty"`
	SentByName    string    `json:"sent_by_name,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	Reason        string    `json:"reason,omitempty"` // why it was queued (pacing, provider outage, reminder)
	ReminderKey   string    `json:"reminder_key,omitempty"`
	Attempt       int       `json:"attempt,omitempty"`
	NotBefore     time.Time `json:"not_before,omitzero"`
	ConversationK string    `json:"conversation_key,omitempty"`
}

// GroupKey names the ordered flow the message belongs to: one business number's messages to
// one person keep their order.
func (m OutboundMessage) GroupKey(phoneNumberID string) string {
	return m.OrgID + "#" + phoneNumberID + "#" + WAID(m.Recipient)
}

// SendResult is the provider's answer to an accepted send.
type SendResult struct {
	MessageID string    `json:"message_id"`
	WAMID     string    `json:"wamid"`
	Status    Status    `json:"status"`
	At        time.Time `json:"at"`
}

// QueueMessage is one message for one of the product's queues. Body is encoded as JSON; a
// json.RawMessage body is taken as already encoded and sent as it is (its producer vouches
// that it is one JSON value).
type QueueMessage struct {
	Body any
	// GroupID and DeduplicationID are required on FIFO queues and ignored elsewhere.
	GroupID, DeduplicationID string
	// Delay postpones delivery on standard queues (FIFO queues take it per queue, not per message).
	Delay time.Duration
	// Attributes travel beside the body (SQS String message attributes).
	Attributes map[string]string
}
