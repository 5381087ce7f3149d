package sending

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/casenotes"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
)

// Reach is what the send path reads and writes about the people it reaches: their suppression
// record (read in the same BatchGetItem as the settings, job and template) and their
// conversation, which learns each message and its job.
type Reach interface {
	LoadSendTo(ctx context.Context, orgID string, jobID int64, templateID int, recipient string) (messaging.SendLoad, error)
	LoadTextSend(ctx context.Context, orgID, recipient string) (messaging.Settings, messaging.Suppression, error)
	GetSuppression(ctx context.Context, orgID, phone string) (messaging.Suppression, error)
	RecordOutbound(ctx context.Context, orgID, phoneNumberID, phone string, m messaging.ConversationMessage) error
	// KeepOutbound only stores the message: for a message whose pacing moved the conversation on.
	KeepOutbound(ctx context.Context, orgID, phoneNumberID, phone string, m messaging.ConversationMessage) error
}

// load reads what a template send needs; the recipient's suppression record comes in the
// same read and refuses the send when the person opted out.
func (s *Service) load(ctx context.Context, orgID string, req Request) (messaging.Settings, messaging.Job, messaging.Template, error) {
	l, err := s.Reach.LoadSendTo(ctx, orgID, req.JobID, req.TemplateID, req.PhoneNumber)
	if err != nil {
		return l.Settings, l.Job, l.Template, err
	}
	if err := l.Suppression.CheckTemplate(l.Template.Category); err != nil {
		return l.Settings, l.Job, l.Template, err
	}
	return l.Settings, l.Job, l.Template, nil
}

// remember keeps a message the provider accepted in the recipient's conversation, which learnt
// the job its replies belong to when pacing admitted the message. It never fails the send: the
// message is out.
func (d *Deps) remember(ctx context.Context, st messaging.Settings, m messaging.OutboundMessage, wamid string, at time.Time) {
	if err := d.Reach.KeepOutbound(ctx, m.OrgID, st.PhoneNumberID, m.Recipient, sentMessage(m, wamid, at)); err != nil {
		obs.Logger(ctx).Warn("sent message not kept in its conversation", "org_id", m.OrgID, "message_id", m.ID, "error", err)
	}
}

// sentMessage is an accepted message as its conversation keeps it.
func sentMessage(m messaging.OutboundMessage, wamid string, at time.Time) messaging.ConversationMessage {
	typ := "template"
	if m.TemplateName == "" {
		typ = "text"
	}
	author := m.SentByName
	if author == "" {
		author = "PropLink Chat"
	}
	return messaging.ConversationMessage{
		ID: m.ID, Direction: messaging.DirectionOutbound, Type: typ, Text: m.Rendered.Text, Template: m.TemplateName,
		ProviderMessage: wamid, Status: messaging.StatusAccepted, JobID: m.JobID, AuthorName: author, At: at.UTC(),
	}
}

// keep records a message the provider accepted: its case note (when it is about a job) and its
// place in the conversation. With Sent set that is one write (KeepSent) and the note's event;
// else, or when that write fails, note and remember write them apart, so a message that went
// out is never missing from its job.
func (d *Deps) keep(ctx context.Context, st messaging.Settings, m messaging.OutboundMessage, wamid string, at time.Time) {
	n := noteFor(m, messaging.StatusAccepted, wamid, at)
	if d.Sent != nil && m.JobID > 0 {
		err := d.Sent.KeepSent(ctx, n, st.PhoneNumberID, m.Recipient, sentMessage(m, wamid, at))
		if err == nil {
			if err := (casenotes.Writer{Events: d.Events}).Announce(ctx, n); err != nil {
				d.queueNote(ctx, n, err)
			}
			return
		}
		obs.Logger(ctx).Warn("sent message not kept in one write; writing its note and conversation message apart",
			"org_id", m.OrgID, "message_id", m.ID, "error", err)
	}
	d.note(ctx, n)
	d.remember(ctx, st, m, wamid, at)
}

// suppressed reports whether a queued message's recipient has opted out since it was queued.
func (d *Deps) suppressed(ctx context.Context, m messaging.OutboundMessage) (bool, error) {
	sup, err := d.Reach.GetSuppression(ctx, m.OrgID, m.Recipient)
	if err != nil {
		return false, fmt.Errorf("sending: suppression of message %s: %w", m.ID, err)
	}
	return sup.OptedOut, nil
}
