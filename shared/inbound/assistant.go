package inbound

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/assistant/turnqueue"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// TurnQueue takes the assistant's turns (sqsq.Queue on AssistantQueue is one): FIFO, one
// group per conversation, deduplicated by wamid.
type TurnQueue interface {
	Send(ctx context.Context, m messaging.QueueMessage) error
}

// MetricAssistantTurns counts turns put on the assistant queue, by message type.
const MetricAssistantTurns = "AssistantTurnsQueued"

// AssistantSettingsTTL is how long an inbound instance trusts the settings it read to decide
// whether the assistant answers: switching the assistant on or off holds within it.
const AssistantSettingsTTL = time.Minute

// turnTypes are the messages the assistant answers: what a person writes, taps or shows.
// Statuses, reactions, locations, contacts, stickers, voice notes and unsupported messages
// stay in the conversation for staff.
var turnTypes = map[string]bool{
	whatsapp.TypeText: true, whatsapp.TypeInteractive: true, whatsapp.TypeButton: true,
	whatsapp.TypeImage: true, whatsapp.TypeDocument: true, whatsapp.TypeVideo: true,
}

// queueTurn puts a recorded message on the assistant queue as a turn, unless it is not one the
// assistant answers, the person has opted out, or the organisation has switched the assistant
// off. It runs inside the event's claim: a failure fails the event and the queue retries it,
// and a repeat is dropped by the queue (deduplication by wamid) or by the engine (the
// session's last message id).
func (p *Processor) queueTurn(ctx context.Context, orgID, phoneNumberID string, conv messaging.Conversation, m whatsapp.InboundMessage, cm messaging.ConversationMessage, when time.Time) error {
	if p.Assistant == nil || conv.OptedOut || !turnTypes[m.Type] {
		return nil
	}
	get := p.Store.GetSettings
	if p.AssistantSettings != nil {
		get = p.AssistantSettings
	}
	st, err := get(ctx, orgID)
	switch {
	case messaging.ErrorCode(err) == messaging.CodeNotConfigured:
		return nil
	case err != nil:
		return fmt.Errorf("inbound: settings for the assistant turn of message %s: %w", m.ID, err)
	case !st.AssistantOn():
		return nil
	}
	t := turnOf(orgID, phoneNumberID, conv, m, cm, when)
	if err := p.Assistant.Send(ctx, turnqueue.Message(t)); err != nil {
		return fmt.Errorf("inbound: queue assistant turn of message %s: %w", m.ID, err)
	}
	p.Metrics.Count(MetricAssistantTurns, 1, map[string]string{"Type": m.Type})
	return nil
}

// turnOf is the assistant's turn of a recorded message: a reply button's or quick reply's id
// and title, a media message's caption and attachment.
func turnOf(orgID, phoneNumberID string, conv messaging.Conversation, m whatsapp.InboundMessage, cm messaging.ConversationMessage, when time.Time) assistant.Turn {
	t := assistant.Turn{
		OrgID: orgID, PhoneNumberID: phoneNumberID, ConversationID: conv.ID, Phone: "+" + messaging.WAID(m.From),
		WAID: m.From, MessageID: m.ID, ProfileName: m.ProfileName, Type: m.Type, Text: m.Text, At: when,
	}
	if r := m.Interactive; r != nil {
		t.ButtonID, t.Text = r.ID, r.Title
	}
	if md := cm.Media; md != nil {
		t.Text = md.Caption
		if md.AttachmentID != "" {
			t.AttachmentIDs = []string{md.AttachmentID}
		}
	}
	return t
}
