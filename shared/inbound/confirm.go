package inbound

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
)

// confirm sends the one short reply to a STOP or START, once: the reply has its own dedupe
// claim ("reply#<wamid>"), so a retried event does not send it twice. A transient provider
// failure fails the event (it is retried); a permanent one is logged and counted, and the
// opt-out stands.
func (p *Processor) confirm(ctx context.Context, orgID string, conv messaging.Conversation, wamid, text string) error {
	key := "reply#" + wamid
	if ok, err := p.claim(ctx, orgID, key); !ok {
		return err
	}
	acct, err := p.account(ctx, orgID)
	if err == nil {
		var sent string
		now := p.Now().UTC()
		id := noteID("reply#"+wamid, now)
		sent, err = p.Provider.SendText(ctx, acct, conv.Phone, text, messaging.Callback{OrgID: orgID, JobID: conv.LastJobID, MessageID: id}.Format())
		if err == nil {
			// Sent: the claim is done before anything else, so a retry never sends it twice.
			if err := p.Store.CompleteEvent(ctx, orgID, key, now); err != nil {
				return fmt.Errorf("inbound: complete %s: %w", key, err)
			}
			p.recordConfirmation(ctx, orgID, conv, id, sent, text, now)
			return nil
		}
	}
	if c := whatsapp.Classify(err); c != whatsapp.Retry && c != whatsapp.Pace {
		obs.Logger(ctx).Warn("confirmation not sent", "org_id", orgID, "error", err)
		p.Metrics.Count(MetricConfirmationsFailed, 1, nil)
		return p.Store.CompleteEvent(ctx, orgID, key, p.Now())
	}
	if rerr := p.Store.ReleaseEvent(ctx, orgID, key); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// account is the organisation's provider account; no settings is a permanent failure.
func (p *Processor) account(ctx context.Context, orgID string) (whatsapp.Account, error) {
	st, err := p.Store.GetSettings(ctx, orgID)
	if messaging.ErrorCode(err) == messaging.CodeNotConfigured {
		return whatsapp.Account{}, &whatsapp.Error{HTTPStatus: 400, Message: messaging.MsgNotConfigured}
	} else if err != nil {
		return whatsapp.Account{}, err
	}
	acct, err := whatsapp.LoadAccount(ctx, p.Secrets, st)
	if errors.Is(err, whatsapp.ErrTokenNotBound) {
		return whatsapp.Account{}, &whatsapp.Error{HTTPStatus: 400, Message: whatsapp.MsgTokenNotBound}
	} else if err != nil {
		return whatsapp.Account{}, fmt.Errorf("inbound: %w", err)
	}
	return acct, nil
}

// recordConfirmation keeps a sent confirmation in the conversation and, when the conversation
// has a job, on its notes. The reply is already sent and its claim done, so a failure here is
// logged rather than retried: a retry must not send the reply again.
func (p *Processor) recordConfirmation(ctx context.Context, orgID string, conv messaging.Conversation, id, wamid, text string, now time.Time) {
	m := messaging.ConversationMessage{
		ID: id, Direction: messaging.DirectionOutbound, Type: whatsapp.TypeText, Text: text, ProviderMessage: wamid,
		Status: messaging.StatusAccepted, AuthorName: "PropLink Chat", JobID: conv.LastJobID, At: now,
	}
	err := p.Store.RecordOutbound(ctx, orgID, conv.PhoneNumberID, conv.Phone, m)
	if err == nil && conv.LastJobID > 0 {
		err = p.Store.UpsertCaseNote(ctx, messaging.CaseNote{
			ID: id, OrgID: orgID, JobID: conv.LastJobID, Kind: messaging.NoteWhatsAppMessage, Direction: messaging.DirectionOutbound,
			Text: text, AuthorName: "PropLink Chat", Recipient: conv.Phone, ProviderMessage: wamid, Status: messaging.StatusAccepted,
			CreatedAt: now, UpdatedAt: now,
		})
	}
	if err != nil {
		obs.Logger(ctx).Error("confirmation sent but not recorded", "org_id", orgID, "message_id", id, "error", err)
	}
}

// claim takes the dedupe claim on key. ok is false when the work is not ours to do: done
// before (err nil), held by another attempt (errBusy), or the claim failed.
func (p *Processor) claim(ctx context.Context, orgID, key string) (ok bool, err error) {
	c, err := p.Store.ClaimEvent(ctx, orgID, key, p.Now(), p.lease())
	switch {
	case err != nil:
		return false, fmt.Errorf("inbound: claim %s: %w", key, err)
	case c.Done:
		return false, nil
	case c.Busy:
		return false, errBusy
	}
	return true, nil
}

func (p *Processor) lease() time.Duration {
	if p.Lease <= 0 {
		return DefaultLease
	}
	return p.Lease
}
