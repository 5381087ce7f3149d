package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// A person's message is its own dedupe record: its item in the conversation (keyed by the
// provider's time and the wamid, both the same on every retry) carries the claim's state
// (evt_state, lease_until, attempts) beside the message. ClaimInbound writes it pending,
// CompleteInbound marks it done (with the message's case note in the same transaction), and a
// replay that finds it done does nothing. A message written before these states existed has no
// evt_state and counts as done: it was written inside an event claim (ClaimEvent).

func inboundKey(in messaging.InboundRecord) key {
	return key{convPK(in.OrgID, messaging.ConversationID(in.OrgID, in.PhoneNumberID, in.Phone)), convMessageSK(in.Message)}
}

// ClaimInbound writes a person's message into their conversation, pending, and takes the right
// to process it, in one conditional UpdateItem: acquired when the message is absent or pending
// under an expired lease (an attempt that died); Done when an earlier attempt completed it;
// Busy while another attempt's lease lives. The message is readable in its conversation from
// this write on.
func (s *Store) ClaimInbound(ctx context.Context, in messaging.InboundRecord, now time.Time, lease time.Duration) (messaging.EventClaim, error) {
	m := in.Message
	if m.ID == "" || m.At.IsZero() {
		return messaging.EventClaim{}, fmt.Errorf("dynamo: claim message of %s: id and time are required", in.OrgID)
	}
	it, err := convMessageOf(in.OrgID, messaging.ConversationID(in.OrgID, in.PhoneNumberID, in.Phone), m)
	if err != nil {
		return messaging.EventClaim{}, fmt.Errorf("dynamo: claim message %s of %s: %w", m.ID, in.OrgID, err)
	}
	av, err := attributevalue.MarshalMap(it)
	if err != nil {
		return messaging.EventClaim{}, fmt.Errorf("dynamo: claim message %s of %s: encode: %w", m.ID, in.OrgID, err)
	}
	u := newUpdate()
	for name, v := range av {
		if name != "PK" && name != "SK" {
			u.set(name, v)
		}
	}
	u.set("evt_state", sv(evtPending))
	u.set("lease_until", nv(now.Add(lease).UnixMilli()))
	u.increment("attempts")
	u.value("pending", sv(evtPending))
	u.value("nowms", nv(now.UnixMilli()))
	u.condition("attribute_not_exists(PK) OR (#evt_state = :pending AND #lease_until <= :nowms)")
	attrs, acquired, err := s.claim(ctx, u.input(s.table, inboundKey(in)))
	if err != nil {
		return messaging.EventClaim{}, fmt.Errorf("dynamo: claim message %s of %s: %w", m.ID, in.OrgID, err)
	}
	var ev eventItem
	if err := attributevalue.UnmarshalMap(attrs, &ev); err != nil {
		return messaging.EventClaim{}, fmt.Errorf("dynamo: claim message %s of %s: decode: %w", m.ID, in.OrgID, err)
	}
	c := messaging.EventClaim{Attempts: ev.Attempts}
	switch {
	case acquired:
		c.Acquired = true
	case ev.State == evtPending:
		c.Busy = true
	default:
		c.Done = true // done, or written before messages carried a state
	}
	return c, nil
}

// CompleteInbound marks a claimed message done, so a replay is skipped. With a note (the
// message's case note, which carries no status), the note is written in the same
// TransactWriteItems, so the note exists exactly when the message is done: one request either
// way.
func (s *Store) CompleteInbound(ctx context.Context, in messaging.InboundRecord, note *messaging.CaseNote, now time.Time) error {
	done := newUpdate()
	done.set("evt_state", sv(evtDone))
	done.set("done_at", timeAV(now))
	done.remove("lease_until")
	k := inboundKey(in)
	if note == nil {
		if _, err := s.db.UpdateItem(ctx, done.input(s.table, k)); err != nil {
			return fmt.Errorf("dynamo: complete message %s of %s: %w", in.Message.ID, in.OrgID, err)
		}
		return nil
	}
	if note.OrgID != in.OrgID || note.JobID <= 0 || note.ID == "" || note.Status != "" {
		return fmt.Errorf("dynamo: complete message %s of %s: its note needs the organisation, a job, an id and no status", in.Message.ID, in.OrgID)
	}
	n := newUpdate()
	for _, f := range noteFill(*note) {
		n.setIfNotExists(f.name, f.value)
	}
	n.set("updated_at", timeAV(note.Time()))
	_, err := s.db.TransactWriteItems(ctx, &ddb.TransactWriteItemsInput{TransactItems: []ddb.TransactWriteItem{
		n.transact(s.table, noteKey(note.OrgID, note.JobID, note.ID)), done.transact(s.table, k),
	}})
	if err != nil {
		return fmt.Errorf("dynamo: complete message %s of %s with note %s of job %d: %w", in.Message.ID, in.OrgID, note.ID, note.JobID, err)
	}
	return nil
}

// ReleaseInbound gives up a message's claim after a failed attempt, so the queue's next
// delivery may take it at once; a done message stays done.
func (s *Store) ReleaseInbound(ctx context.Context, in messaging.InboundRecord) error {
	_, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       inboundKey(in).av(),
		UpdateExpression:          aws.String("SET lease_until = :zero"),
		ConditionExpression:       aws.String("evt_state = :pending"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":zero": nv(0), ":pending": sv(evtPending)},
	})
	if _, failed := conditionFailed(err); err != nil && !failed {
		return fmt.Errorf("dynamo: release message %s of %s: %w", in.Message.ID, in.OrgID, err)
	}
	return nil
}
