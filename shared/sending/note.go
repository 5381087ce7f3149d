package sending

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/casenotes"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
)

// noteFor is the case note of an outbound message in a given status.
func noteFor(m messaging.OutboundMessage, st messaging.Status, wamid string, now time.Time) messaging.CaseNote {
	author := m.SentByName
	if author == "" {
		author = "PropLink Chat"
	}
	return messaging.CaseNote{
		ID: m.ID, OrgID: m.OrgID, JobID: m.JobID, Kind: messaging.NoteWhatsAppMessage, Direction: "outbound",
		Text: m.Rendered.Text, AuthorName: author, Recipient: m.Recipient, Template: m.TemplateName,
		ProviderMessage: wamid, Status: st, CreatedAt: m.CreatedAt, UpdatedAt: now.UTC(),
	}
}

// note writes a message's case note directly (casenotes.Writer: one DynamoDB write, and the
// case_note.created event when Events is set); when the
// table refuses, it puts the note on the case-note queue, whose function retries the write, so a
// message that went out is never missing from its job. A message about no job (a notice, an
// assistant reply) has no case note.
func (d *Deps) note(ctx context.Context, n messaging.CaseNote) {
	if n.JobID <= 0 {
		return
	}
	if err := (casenotes.Writer{Store: d.Store, Events: d.Events}).Write(ctx, n); err != nil {
		d.queueNote(ctx, n, err)
	}
}

// queueNote puts a note the table (or its event) refused on the case-note queue, whose function
// writes it again.
func (d *Deps) queueNote(ctx context.Context, n messaging.CaseNote, err error) {
	ev := messaging.CaseNoteEvent{OrgID: n.OrgID, Note: n, Provisional: n.Provisional}
	if err2 := d.CaseNotes.Send(ctx, messaging.QueueMessage{Body: ev}); err2 != nil {
		obs.Logger(ctx).Error("case note lost", "org_id", n.OrgID, "message_id", n.ID, "store_error", err, "queue_error", err2)
	}
}

// reasonOf is the caller-safe text of a provider error.
func reasonOf(err error) string {
	var pe *whatsapp.Error
	if !errors.As(err, &pe) {
		return "the provider could not be reached"
	}
	if pe.Timeout {
		return "the provider did not answer in time"
	}
	if pe.Unconfirmed {
		return "the provider did not confirm the message (" + pe.Message + ")"
	}
	text := pe.Message
	if text == "" {
		text = fmt.Sprintf("HTTP status %d", pe.HTTPStatus)
	}
	if pe.Details != "" {
		text += " (" + pe.Details + ")"
	}
	return fmt.Sprintf("%s [code %d]", text, pe.Code)
}

// statusError turns a provider error into the note's error record.
func statusError(err error) messaging.StatusError {
	var pe *whatsapp.Error
	if !errors.As(err, &pe) {
		return messaging.StatusError{Title: "provider unreachable"}
	}
	return messaging.StatusError{Code: pe.Code, Title: pe.Title, Details: pe.Message + " " + pe.Details}
}

// templateSend is the provider request of an outbound message.
func templateSend(m messaging.OutboundMessage) whatsapp.TemplateSend {
	return whatsapp.TemplateSend{To: m.Recipient, Name: m.TemplateName, Language: m.Language, Rendered: m.Rendered, CallbackData: m.Callback().Format()}
}
