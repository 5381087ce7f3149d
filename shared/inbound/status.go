package inbound

import (
	"context"
	"slices"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// codeMarketingStopped is Meta's error when a person has stopped marketing messages.
const codeMarketingStopped = 131050

// status amends the message's case note, found through the callback data the send carried
// (forward-only: the store ignores a status that does not advance), and settles the message's
// send record: any status proves the provider has the message, so a send whose outcome was
// unknown is never sent again. A status of our message without a job goes on the message in
// its conversation (forward-only too), so the thread shows its ticks. A status that is not ours
// is kept by wamid for an operator to look up (dynamo.OrphanTTL). The organisation's platform is told (message.status).
func (p *Processor) status(ctx context.Context, orgID, phoneNumberID string, st whatsapp.StatusUpdate) error {
	if st.Status.Rank() == 0 || st.MessageID == "" {
		return nil // a provider status outside our set ("deleted", "warning") changes nothing
	}
	when := at(st.Timestamp, p.Now())
	var errs []messaging.StatusError
	if st.Status == messaging.StatusFailed {
		errs = st.Errors
		if len(errs) == 0 {
			errs = []messaging.StatusError{{Title: "failed without a reason"}}
		}
	}
	p.Metrics.Count(MetricStatusUpdates, 1, map[string]string{"Status": string(st.Status)})
	cb, ok := messaging.ParseCallback(st.CallbackData)
	if ok && cb.OrgID == orgID {
		if err := p.Store.ResolveSend(ctx, orgID, cb.MessageID, st.MessageID, when); err != nil {
			return err
		}
		n := messaging.CaseNote{
			ID: cb.MessageID, OrgID: orgID, JobID: cb.JobID, Kind: messaging.NoteWhatsAppMessage, Direction: messaging.DirectionOutbound,
			ProviderMessage: st.MessageID, Status: st.Status, Errors: errs, UpdatedAt: when,
			StatusHistory: []messaging.StatusEvent{{Status: st.Status, At: when}},
		}
		if st.RecipientID != "" {
			n.Recipient = "+" + st.RecipientID
		}
		if err := p.Store.UpsertCaseNote(ctx, n); err != nil {
			return err
		}
	} else if jobless, ok := messaging.ParseMessageCallback(st.CallbackData); ok && jobless.OrgID == orgID && st.RecipientID != "" {
		// A message without a job has no case note: its status goes on the message in its
		// conversation (the recipient's), instead of the orphan write.
		cb = jobless
		conv := messaging.ConversationID(orgID, phoneNumberID, "+"+st.RecipientID)
		if err := p.Store.SetMessageStatus(ctx, orgID, conv, cb.MessageID, st.MessageID, st.Status, when, errs); err != nil {
			return err
		}
	} else {
		p.Metrics.Count(MetricOrphanStatuses, 1, nil)
		if err := p.Store.KeepOrphanStatus(ctx, orgID, st.MessageID, st.RecipientID, st.CallbackData, st.Status, when, errs); err != nil {
			return err
		}
	}
	if st.RecipientID != "" && slices.ContainsFunc(errs, func(e messaging.StatusError) bool { return e.Code == codeMarketingStopped }) {
		if err := p.Store.SetMarketingStop(ctx, orgID, "+"+st.RecipientID, true, "error 131050", when); err != nil {
			return err
		}
	}
	return p.publishStatus(ctx, orgID, phoneNumberID, st, cb, errs, when)
}
