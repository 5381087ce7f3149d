package messaging

import "time"

// CaseNote is one entry on a job's record. Every WhatsApp message becomes one; its status is
// amended as the provider reports delivery.
type CaseNote struct {
	ID              string        `json:"id"`
	OrgID           string        `json:"-"`
	JobID           int64         `json:"job_id"`
	Kind            string        `json:"kind"` // whatsapp_message, note, reminder_skipped
	Direction       string        `json:"direction,omitempty"`
	Text            string        `json:"text"`
	AuthorName      string        `json:"author_name"`
	Recipient       string        `json:"recipient,omitempty"`
	Template        string        `json:"template,omitempty"`
	ProviderMessage string        `json:"provider_message_id,omitempty"`
	Status          Status        `json:"status,omitempty"`
	StatusHistory   []StatusEvent `json:"status_history,omitempty"`
	Errors          []StatusError `json:"errors,omitempty"`
	AttachmentCount int           `json:"attachment_count"`
	// Provisional marks a failed status as our own giving up (the send was dead-lettered, or
	// its outcome was unknown and could not be queued for checking) rather than the
	// provider's verdict: unlike other failures it is not final, and a later status from
	// accepted on (a redriven send, a late status webhook) replaces it.
	Provisional bool      `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Time is when the note was last written: UpdatedAt, else CreatedAt, else now.
func (n CaseNote) Time() time.Time {
	switch {
	case !n.UpdatedAt.IsZero():
		return n.UpdatedAt
	case !n.CreatedAt.IsZero():
		return n.CreatedAt
	}
	return time.Now()
}

// StatusTime is when the note reached its status: its history's entry for it, else Time.
func (n CaseNote) StatusTime() time.Time {
	for i := len(n.StatusHistory) - 1; i >= 0; i-- {
		if n.StatusHistory[i].Status == n.Status && !n.StatusHistory[i].At.IsZero() {
			return n.StatusHistory[i].At
		}
	}
	return n.Time()
}

// StatusEvent records when a status was reached.
type StatusEvent struct {
	Status Status    `json:"status"`
	At     time.Time `json:"at"`
}

// StatusError is a provider's reason for a failure.
type StatusError struct {
	Code    int    `json:"code"`
	Title   string `json:"title,omitempty"`
	Details string `json:"details,omitempty"`
}

// The kinds of case note.
const (
	NoteWhatsAppMessage = "whatsapp_message"
	NoteReminderSkipped = "reminder_skipped"
)

// CaseNoteEvent is what travels on the case-note queue: a note to create or amend. Notes are
// keyed by the message id, so a repeated event has one effect.
type CaseNoteEvent struct {
	OrgID string   `json:"org_id"`
	Note  CaseNote `json:"note"`
	// Provisional carries Note.Provisional, which the note's own JSON (the API's) leaves out.
	Provisional bool `json:"provisional,omitempty"`
}
