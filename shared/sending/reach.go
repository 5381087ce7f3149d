package sending

import (
	"context"
	"fmt"
	"time"

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
	typ, text := "template", m.Rendered.Text
	if m.TemplateName == "" {
		typ = "text"
	}
	author := m.SentByName
	if author == "" {
		author = "PropLink Chat"
	}
	cm := messaging.ConversationMessage{
		ID: m.ID, Direction: messaging.DirectionOutbound, Type: typ, Text: text, Template: m.TemplateName,
		ProviderMessage: wamid, Status: messaging.StatusAccepted, JobID: m.JobID, AuthorName: author, At: at.UTC(),
	}
	if err := d.Reach.KeepOutbound(ctx, m.OrgID, st.PhoneNumberID, m.Recipient, cm); err != nil {
		obs.Logger(ctx).Warn("sent message not kept in its conversation", "org_id", m.OrgID, "message_id", m.ID, "error", err)
	}
}

// suppressed reports whether a queued message's recipient has opted out since it was queued.
func (d *Deps) suppressed(ctx context.Context, m messaging.OutboundMessage) (bool, error) {
	sup, err := d.Reach.GetSuppression(ctx, m.OrgID, m.Recipient)
	if err != nil {
		return false, fmt.Errorf("sending: suppression of message %s: %w", m.ID, err)
	}
	return sup.OptedOut, nil
}
