package casenotes

import (
	"context"
	"fmt"
	"strconv"

	"github.com/proplink/chat/shared/consume"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

// Writer creates or amends case notes and tells the organisation's platform of each one
// (case_note.created): the single place every note is written, whether by a send in the sending
// function itself or by this package's queue handler.
type Writer struct {
	Store Store
	// Events receives case_note.created; when nil, nothing is emitted.
	Events EventPublisher
}

// Write writes one note, then emits its event; an error of either leaves the note to be written
// again (the queue's retry, or the sending functions' fallback to the case-note queue), which has
// one effect.
func (w Writer) Write(ctx context.Context, n messaging.CaseNote) error {
	if err := w.Store.UpsertCaseNote(ctx, n); err != nil {
		return fmt.Errorf("casenotes: write note %s: %w", n.ID, err)
	}
	if err := w.publish(ctx, n); err != nil {
		return fmt.Errorf("casenotes: event of note %s: %w", n.ID, err)
	}
	return nil
}

// Announce emits case_note.created for a note written by other means (dynamo.Store's KeepSent,
// which writes a sent message's note with its conversation message); an error leaves the note
// to be written again through Write, which emits the same event id.
func (w Writer) Announce(ctx context.Context, n messaging.CaseNote) error {
	if err := w.publish(ctx, n); err != nil {
		return fmt.Errorf("casenotes: event of note %s: %w", n.ID, err)
	}
	return nil
}

// publish emits case_note.created for a note that carries its creation time (an amendment
// that only moves a status on carries none). Its id is derived from the note's id and
// creation time, so every write of one note (a retry, a later status) repeats the same event
// id, which the queue's deduplication and the receivers absorb.
func (w Writer) publish(ctx context.Context, n messaging.CaseNote) error {
	if w.Events == nil || n.CreatedAt.IsZero() || n.JobID <= 0 {
		return nil
	}
	ev, err := platformevent.New(n.OrgID, platformevent.KindCaseNoteCreated, "job-"+strconv.FormatInt(n.JobID, 10), n.ID, n.CreatedAt,
		platformevent.CaseNoteCreated{NoteID: n.ID, JobID: n.JobID, Kind: n.Kind, Direction: n.Direction, AuthorName: n.AuthorName, CreatedAt: n.CreatedAt})
	if err != nil {
		return consume.Permanent(err)
	}
	return w.Events.Publish(ctx, ev)
}
