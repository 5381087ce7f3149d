package platformevent

import "time"

// MessageReceived is message.received's data: a person wrote to the organisation.
type MessageReceived struct {
	ConversationID string `json:"conversation_id"`
	// ProviderMessageID is the provider's id of the message (Meta's wamid).
	ProviderMessageID string    `json:"provider_message_id"`
	From              string    `json:"from"` // E.164
	ProfileName       string    `json:"profile_name,omitempty"`
	Type              string    `json:"message_type"`
	Text              string    `json:"text,omitempty"`
	AttachmentID      string    `json:"attachment_id,omitempty"`
	JobID             int64     `json:"job_id,omitempty"`
	ReceivedAt        time.Time `json:"received_at"`
}

// MessageStatus is message.status's data: a message the organisation sent moved on (sent,
// delivered, read) or failed, with the provider's reason.
type MessageStatus struct {
	// MessageID is our id of the message (the send's message_id), when the status names it.
	MessageID         string    `json:"message_id,omitempty"`
	ProviderMessageID string    `json:"provider_message_id"`
	JobID             int64     `json:"job_id,omitempty"`
	Recipient         string    `json:"recipient,omitempty"` // E.164
	Status            string    `json:"status"`
	Reason            *Reason   `json:"reason,omitempty"`
	At                time.Time `json:"at"`
}

// Reason is why a message failed, as the provider said.
type Reason struct {
	Code  int    `json:"code,omitempty"`
	Title string `json:"title"`
}

// OptChange is conversation.opted_out's and conversation.opted_in's data: a person sent STOP
// or START.
type OptChange struct {
	ConversationID string    `json:"conversation_id"`
	Phone          string    `json:"phone"` // E.164
	At             time.Time `json:"at"`
}

// AttachmentStored is attachment.stored's data: a person's file is kept in storage; the API's
// attachment route gives a short-lived link to it.
type AttachmentStored struct {
	AttachmentID   string    `json:"attachment_id"`
	ConversationID string    `json:"conversation_id,omitempty"`
	JobID          int64     `json:"job_id,omitempty"`
	ContentType    string    `json:"content_type"`
	Size           int64     `json:"size"`
	StoredAt       time.Time `json:"stored_at"`
}

// CaseNoteCreated is case_note.created's data: a note landed on a job.
type CaseNoteCreated struct {
	NoteID     string    `json:"note_id"`
	JobID      int64     `json:"job_id"`
	Kind       string    `json:"kind"`
	Direction  string    `json:"direction,omitempty"`
	AuthorName string    `json:"author_name,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// TicketCreated is ticket.created's data: the assistant raised a ticket for a person.
type TicketCreated struct {
	Ref            string    `json:"ref"`
	Category       string    `json:"category,omitempty"`
	Priority       string    `json:"priority,omitempty"`
	Subject        string    `json:"subject,omitempty"`
	ConversationID string    `json:"conversation_id,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// WorkOrderUpdated is work_order.updated's data: a contractor moved a work order on through
// the assistant.
type WorkOrderUpdated struct {
	Ref            string    `json:"ref"`
	Status         string    `json:"status"`
	ConversationID string    `json:"conversation_id,omitempty"`
	UpdatedAt      time.Time `json:"updated_at"`
}
