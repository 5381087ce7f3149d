package dynamo

import (
	"context"
	"strings"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/ratelimit"
)

// PairPacer paces the messages to one person (per business number and recipient) with its tat
// (pair_tat) on the person's conversation item, and moves that conversation on in the same
// conditional write when it admits a message: its activity, its latest outbound time and the
// message's job. The conversation so learns its job when a message is admitted rather than
// when the provider accepts it; a held-back message changes nothing. One UpdateItem per
// admission instead of a pacer write and a conversation write.
type PairPacer struct {
	Pacer *ratelimit.Pacer // over the store's table
}

// ReservePair admits or denies one message to phone from the business number at now.
func (p PairPacer) ReservePair(ctx context.Context, orgID, phoneNumberID, phone string, jobID int64, now time.Time) (messaging.RateDecision, error) {
	id := messaging.ConversationID(orgID, phoneNumberID, phone)
	u := convUpdate(orgID, phoneNumberID, phone, id, now)
	u.set("last_outbound_at", timeAV(now))
	if jobID > 0 {
		u.set("last_job_id", nv(jobID))
	}
	k := convKey(orgID, id)
	return p.Pacer.ReserveOn(ctx, k.PK, ratelimit.Carrier{
		Key: k.av(), Attr: "pair_tat", Set: strings.Join(u.sets, ", "), Names: u.names, Values: u.values,
	}, now)
}

// KeepOutbound stores a message the organisation sent in the person's conversation, whose
// activity and job PairPacer moved on when it admitted the message: one PutItem.
func (s *Store) KeepOutbound(ctx context.Context, orgID, phoneNumberID, phone string, m messaging.ConversationMessage) error {
	return s.putConvMessage(ctx, orgID, messaging.ConversationID(orgID, phoneNumberID, phone), m)
}
