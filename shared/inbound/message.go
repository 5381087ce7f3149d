package inbound

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// message keeps a person's message in their conversation (the first one records their
// opt-in), notes it on the conversation's job when one is known, queues its media for S3, and
// honours STOP and START: the suppression list first, then one short confirmation inside the
// window just opened. A STOP or START older than the person's latest message (a webhook
// delivered late) that a later one contradicts changes nothing and is not confirmed. The
// organisation's platform is told of the message and of an opt-out or opt-in it made.
//
// The message's own item is its claim: written pending first (a replay that finds it done does
// nothing), marked done last together with its case note. An attempt that dies between the two
// leaves it pending; once its lease runs out the queue's redelivery takes it over and does
// every step again, each safe to repeat (the turn and the platform event are dropped as
// repeats downstream, by the queues' deduplication and the assistant session's last message).
func (p *Processor) message(ctx context.Context, orgID, phoneNumberID string, m whatsapp.InboundMessage) error {
	if m.ID == "" || m.From == "" {
		return nil
	}
	phone := "+" + messaging.WAID(m.From)
	when := at(m.Timestamp, p.Now())
	in := messaging.InboundRecord{OrgID: orgID, PhoneNumberID: phoneNumberID, Phone: phone, ProfileName: m.ProfileName,
		Message: conversationMessage(m, when)}
	if j, ok := attachments.NewMediaJob(orgID, "", 0, m, when); ok {
		in.Message.Media.AttachmentID = j.AttachmentID() // the copy the media job will keep in S3
	}
	kw := messaging.KeywordNone
	if m.Type == whatsapp.TypeText {
		kw = messaging.ClassifyKeyword(m.Text)
	}
	if kw != messaging.KeywordNone {
		out := kw == messaging.KeywordOptOut
		in.OptOut = &out
	}
	c, err := p.Store.ClaimInbound(ctx, in, p.Now(), p.lease())
	switch {
	case err != nil:
		return fmt.Errorf("inbound: claim message %s: %w", m.ID, err)
	case c.Done:
		return nil
	case c.Busy:
		return errBusy
	}
	note, err := p.record(ctx, in, m, kw)
	if err == nil {
		err = p.Store.CompleteInbound(ctx, in, note, p.Now())
	}
	if err != nil {
		if rerr := p.Store.ReleaseInbound(ctx, in); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	return nil
}

// record does a claimed message's work and returns its case note, which CompleteInbound
// writes (nil when the conversation has no job).
func (p *Processor) record(ctx context.Context, in messaging.InboundRecord, m whatsapp.InboundMessage, kw messaging.Keyword) (*messaging.CaseNote, error) {
	orgID, phone, when := in.OrgID, in.Phone, in.Message.At
	if in.OptOut != nil {
		if err := p.Store.SetOptOut(ctx, orgID, phone, *in.OptOut, when); err != nil {
			return nil, err
		}
	}
	conv, err := p.Store.AdvanceConversation(ctx, in)
	if err != nil {
		return nil, err
	}
	p.Metrics.Count(MetricInboundMessages, 1, map[string]string{"Type": m.Type})
	var note *messaging.CaseNote
	if conv.LastJobID > 0 {
		author := m.ProfileName
		if author == "" {
			author = messaging.MaskPhone(phone)
		}
		note = &messaging.CaseNote{
			ID: noteID(m.ID, when), OrgID: orgID, JobID: conv.LastJobID, Kind: messaging.NoteWhatsAppMessage,
			Direction: messaging.DirectionInbound, Text: noteText(in.Message), AuthorName: author, Recipient: phone,
			ProviderMessage: m.ID, CreatedAt: when, UpdatedAt: when,
		}
		if in.Message.Media != nil {
			note.AttachmentCount = 1
		}
	}
	if conv.ID == "" {
		conv.ID = messaging.ConversationID(orgID, in.PhoneNumberID, phone)
	}
	if err := p.queue(ctx, orgID, conv, m, when); err != nil {
		return nil, err
	}
	if err := p.queueMedia(ctx, orgID, conv, m, when); err != nil {
		return nil, err
	}
	if err := p.publishReceived(ctx, orgID, conv, m, in.Message, phone, when); err != nil {
		return nil, err
	}
	if kw == messaging.KeywordNone {
		if err := p.queueTurn(ctx, orgID, in.PhoneNumberID, conv, m, in.Message, when); err != nil {
			return nil, err
		}
	}
	if in.OptOut != nil && conv.LastInboundAt.After(when) && conv.OptedOut != *in.OptOut {
		// A late webhook: the person wrote since and said otherwise, so this STOP or START
		// changed nothing and is not confirmed.
		return note, nil
	}
	if in.OptOut != nil {
		if err := p.publishOpt(ctx, orgID, conv, m.ID, phone, *in.OptOut, when); err != nil {
			return nil, err
		}
	}
	switch kw {
	case messaging.KeywordOptOut:
		p.Metrics.Count(MetricOptOuts, 1, nil)
		return note, p.confirm(ctx, orgID, conv, m.ID, messaging.OptOutConfirmation)
	case messaging.KeywordOptIn:
		p.Metrics.Count(MetricOptIns, 1, nil)
		return note, p.confirm(ctx, orgID, conv, m.ID, messaging.OptInConfirmation)
	}
	return note, nil
}

// queue puts a conversation whose first message carries a click-to-chat code ("ref PL-…") in
// that link's queue: the staff member or site the person chose by the link they followed.
func (p *Processor) queue(ctx context.Context, orgID string, conv messaging.Conversation, m whatsapp.InboundMessage, when time.Time) error {
	if p.Queues == nil || m.Type != whatsapp.TypeText || !conv.OptedInAt.Equal(when) {
		return nil
	}
	code, ok := messaging.FindChatLinkCode(m.Text)
	if !ok {
		return nil
	}
	_, err := p.Queues.AssignQueue(ctx, orgID, conv.ID, code)
	return err
}
