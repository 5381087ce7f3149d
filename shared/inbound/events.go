package inbound

import (
	"context"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
	"github.com/proplink/chat/shared/whatsapp"
)

// EventPublisher emits platform events (sqsq.EventQueue on PlatformEventQueue is one). It
// runs inside the event's claim: a failure fails the event and the queue retries it, and the
// events' ids are derived from the provider's, so a retry emits the same ids again.
type EventPublisher interface {
	Publish(ctx context.Context, evs ...platformevent.Event) error
}

// publish emits one platform event; without a publisher it does nothing.
func (p *Processor) publish(ctx context.Context, orgID string, kind platformevent.Kind, subject, source string, at time.Time, data any) error {
	if p.Events == nil {
		return nil
	}
	ev, err := platformevent.New(orgID, kind, subject, source, at, data)
	if err != nil {
		return err
	}
	return p.Events.Publish(ctx, ev)
}

// publishReceived emits message.received for a person's message kept in conv.
func (p *Processor) publishReceived(ctx context.Context, orgID string, conv messaging.Conversation, m whatsapp.InboundMessage, cm messaging.ConversationMessage, phone string, when time.Time) error {
	data := platformevent.MessageReceived{ConversationID: conv.ID, ProviderMessageID: m.ID, From: phone, ProfileName: m.ProfileName,
		Type: m.Type, Text: cm.Text, JobID: conv.LastJobID, ReceivedAt: when}
	if cm.Media != nil {
		data.AttachmentID = cm.Media.AttachmentID
	}
	return p.publish(ctx, orgID, platformevent.KindMessageReceived, conv.ID, m.ID, when, data)
}

// publishOpt emits conversation.opted_out or conversation.opted_in for a STOP or START.
func (p *Processor) publishOpt(ctx context.Context, orgID string, conv messaging.Conversation, wamid, phone string, out bool, when time.Time) error {
	kind := platformevent.KindOptedIn
	if out {
		kind = platformevent.KindOptedOut
	}
	return p.publish(ctx, orgID, kind, conv.ID, wamid, when, platformevent.OptChange{ConversationID: conv.ID, Phone: phone, At: when})
}

// publishStatus emits message.status for a status of a message we sent, in the order of its
// conversation (its recipient's, when the provider names one).
func (p *Processor) publishStatus(ctx context.Context, orgID, phoneNumberID string, st whatsapp.StatusUpdate, cb messaging.Callback, errs []messaging.StatusError, when time.Time) error {
	data := platformevent.MessageStatus{ProviderMessageID: st.MessageID, Status: string(st.Status), At: when}
	subject := st.MessageID
	if st.RecipientID != "" {
		data.Recipient = "+" + st.RecipientID
		subject = messaging.ConversationID(orgID, phoneNumberID, data.Recipient)
	}
	if cb.OrgID == orgID {
		data.MessageID, data.JobID = cb.MessageID, cb.JobID
	}
	if len(errs) > 0 {
		data.Reason = &platformevent.Reason{Code: errs[0].Code, Title: errs[0].Title}
	}
	return p.publish(ctx, orgID, platformevent.KindMessageStatus, subject, st.MessageID+"#"+string(st.Status), when, data)
}
