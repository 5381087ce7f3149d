package sqsq

import (
	"context"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/reminders"
)

// The case-note queue records the reminders' notes.
var _ reminders.Notes = (*NoteQueue)(nil)

// NoteQueue records case notes through the case-note queue, as every other writer does.
type NoteQueue struct{ queue sender }

// NewNoteQueue returns a note writer onto the case-note queue q.
func NewNoteQueue(q sender) *NoteQueue { return &NoteQueue{queue: q} }

// Note sends the note as a CaseNoteEvent.
func (n *NoteQueue) Note(ctx context.Context, c messaging.CaseNote) error {
	return n.queue.Send(ctx, messaging.QueueMessage{Body: messaging.CaseNoteEvent{OrgID: c.OrgID, Note: c}})
}
