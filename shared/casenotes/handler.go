// Package casenotes writes case notes on jobs: every message the product sends or receives, and
// every status change, lands on its job through Write, called by the sending functions directly
// and by the case-note queue's handler for the notes put on that queue.
package casenotes

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/consume"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

// Store creates or amends a case note; a repeated note has one effect and a status never moves
// backwards.
type Store interface {
	UpsertCaseNote(ctx context.Context, n messaging.CaseNote) error
}

// EventPublisher emits platform events (sqsq.EventQueue on PlatformEventQueue is one).
type EventPublisher interface {
	Publish(ctx context.Context, evs ...platformevent.Event) error
}

// Handler is the case-note queue's Lambda handler.
type Handler struct {
	Store Store
	// Events tells the organisation's platform of each note (case_note.created); when nil,
	// nothing is emitted.
	Events EventPublisher
}

// Handle writes each record's note by the queue-consumer policy (package consume): a failed
// write is retried, an unreadable record dead-lettered.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	c := consume.Consumer[messaging.CaseNote]{
		Name: "case note", Decode: decodeNote,
		Attrs: func(n messaging.CaseNote) []any {
			return []any{"org_id", n.OrgID, "message_id", n.ID, "job_id", n.JobID, "status", n.Status}
		},
		Attempt: func(ctx context.Context, n messaging.CaseNote, _ consume.Delivery) consume.Outcome {
			return consume.Of(Writer{Store: h.Store, Events: h.Events}.Write(ctx, n))
		},
	}
	return c.Handle(ctx, ev)
}

// decodeNote reads a case-note queue body: the note of a CaseNoteEvent, with the event's
// organisation and provisional mark (the note's own JSON leaves them out).
func decodeNote(body []byte) (messaging.CaseNote, error) {
	var e messaging.CaseNoteEvent
	if err := json.Unmarshal(body, &e); err != nil {
		return messaging.CaseNote{}, err
	}
	e.Note.OrgID, e.Note.Provisional = e.OrgID, e.Provisional
	if e.Note.ID == "" || e.Note.OrgID == "" {
		return messaging.CaseNote{}, fmt.Errorf("casenotes: event of note %q without a note id or organisation", e.Note.ID)
	}
	return e.Note, nil
}
