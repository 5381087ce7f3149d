package memstore

import (
	"context"
	"slices"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// The claim records the ports speak (kept as aliases so a move of the types is one line each).
type (
	sendClaim  = messaging.SendClaim
	eventClaim = messaging.EventClaim
)

// sendState is a send record's state; the zero value is an absent record.
type sendState int

// The states, in dynamo.Store's terms (see stateNames).
const (
	sendAbsent sendState = iota
	sendPending
	sendSending
	sendSent
	sendFailed
	sendUnknown
)

// stateNames are the states as dynamo.Store writes them.
var stateNames = [...]string{"", "pending", "sending", "sent", "failed", "unknown"}

// send is the sender's record of one outbound message.
type send struct {
	state    sendState
	until    time.Time // the lease of a sending record, the wait of an unknown one
	attempts int
	wamid    string
}

// entry returns the record under org#id in m, created empty; the caller holds the lock.
func entry[T any](m map[string]*T, orgID, id string) *T {
	k := orgID + "#" + id
	r, ok := m[k]
	if !ok {
		r = new(T)
		m[k] = r
	}
	return r
}

// claimed asks the Fail hook, checks the claim's key, takes the lock and returns the record
// under it in m; the caller releases the lock with the function returned.
func claimed[T any](s *Store, m map[string]*T, method, orgID, id string) (*T, func(), error) {
	if err := s.fail(method, id); err != nil {
		return nil, nil, err
	}
	if orgID == "" || id == "" {
		return nil, nil, errRequired(method, id)
	}
	s.mu.Lock()
	return entry(m, orgID, id), s.mu.Unlock, nil
}

func (s *Store) sendOf(orgID, messageID string) *send { return entry(s.sends, orgID, messageID) }
func (s *Store) eventOf(orgID, key string) *event     { return entry(s.events, orgID, key) }

// ClaimSend takes the right to send a message: acquired when the record is absent, pending,
// or sending or unknown with its lease over; otherwise the record tells why not.
func (s *Store) ClaimSend(_ context.Context, orgID, messageID string, now time.Time, lease time.Duration) (sendClaim, error) {
	r, unlock, err := claimed(s, s.sends, "ClaimSend", orgID, messageID)
	if err != nil {
		return sendClaim{}, err
	}
	defer unlock()
	c := sendClaim{Attempts: r.attempts, WAMID: r.wamid}
	leaseOver := !r.until.After(now)
	if r.state == sendAbsent || r.state == sendPending || (leaseOver && (r.state == sendSending || r.state == sendUnknown)) {
		r.state, r.until = sendSending, now.Add(lease)
		c.Acquired = true
		return c, nil
	}
	c.Sent, c.Failed, c.Busy = r.state == sendSent, r.state == sendFailed, r.state == sendSending
	if r.state == sendUnknown {
		c.Unknown, c.Until = true, r.until
	}
	return c, nil
}

// update changes a message's send record with apply when when holds for it, as a
// conditional UpdateItem does.
func (s *Store) update(method, orgID, messageID string, when func(*send) bool, apply func(*send)) error {
	if err := s.fail(method, messageID); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.sendOf(orgID, messageID); when(r) {
		apply(r)
	}
	return nil
}

// in reports whether a record is in one of states.
func in(states ...sendState) func(*send) bool {
	return func(r *send) bool { return slices.Contains(states, r.state) }
}

// RecordSent marks the message sent under the provider's id.
func (s *Store) RecordSent(_ context.Context, orgID, messageID, wamid string, _ time.Time) error {
	return s.update("RecordSent", orgID, messageID, func(*send) bool { return true },
		func(r *send) { r.state, r.wamid, r.until = sendSent, wamid, time.Time{} })
}

// ReleaseSend puts a sending record back to pending, one attempt more; others are left alone.
func (s *Store) ReleaseSend(_ context.Context, orgID, messageID, _ string) error {
	return s.update("ReleaseSend", orgID, messageID, in(sendSending),
		func(r *send) { r.state, r.until, r.attempts = sendPending, time.Time{}, r.attempts+1 })
}

// RecordFailed marks the message failed for good, one attempt more; a sent one stays sent.
func (s *Store) RecordFailed(_ context.Context, orgID, messageID, _ string) error {
	return s.update("RecordFailed", orgID, messageID, in(sendAbsent, sendPending, sendSending, sendFailed, sendUnknown),
		func(r *send) { r.state, r.until, r.attempts = sendFailed, time.Time{}, r.attempts+1 })
}

// RecordUnknown marks a send that may have reached the provider, unclaimable before until,
// one attempt more; a record already sent, failed or unknown is left alone.
func (s *Store) RecordUnknown(_ context.Context, orgID, messageID, _ string, _, until time.Time) error {
	return s.update("RecordUnknown", orgID, messageID, in(sendAbsent, sendPending, sendSending),
		func(r *send) { r.state, r.until, r.attempts = sendUnknown, until, r.attempts+1 })
}

// ResolveSend records what a status proves: a message not yet settled becomes sent under
// wamid; one already sent or failed is left alone.
func (s *Store) ResolveSend(_ context.Context, orgID, messageID, wamid string, _ time.Time) error {
	return s.update("ResolveSend", orgID, messageID, in(sendAbsent, sendPending, sendSending, sendUnknown),
		func(r *send) { r.state, r.wamid, r.until = sendSent, wamid, time.Time{} })
}

// event is the dedupe record of one provider event.
type event struct {
	done     bool
	until    time.Time
	attempts int
	exists   bool
}

// ClaimEvent takes the right to process an event: acquired when the record is absent or
// pending with its lease over; Done once completed; Busy under another attempt's lease.
func (s *Store) ClaimEvent(_ context.Context, orgID, key string, now time.Time, lease time.Duration) (eventClaim, error) {
	e, unlock, err := claimed(s, s.events, "ClaimEvent", orgID, key)
	if err != nil {
		return eventClaim{}, err
	}
	defer unlock()
	switch {
	case !e.exists || (!e.done && !e.until.After(now)):
		e.exists, e.until = true, now.Add(lease)
		e.attempts++
		return eventClaim{Acquired: true, Attempts: e.attempts}, nil
	case e.done:
		return eventClaim{Done: true, Attempts: e.attempts}, nil
	}
	return eventClaim{Busy: true, Attempts: e.attempts}, nil
}

// CompleteEvent marks an event done: a replay is skipped.
func (s *Store) CompleteEvent(_ context.Context, orgID, key string, _ time.Time) error {
	if err := s.fail("CompleteEvent", key); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.eventOf(orgID, key)
	e.exists, e.done, e.until = true, true, time.Time{}
	return nil
}

// ReleaseEvent gives up a pending claim so the next delivery may take it at once.
func (s *Store) ReleaseEvent(_ context.Context, orgID, key string) error {
	if err := s.fail("ReleaseEvent", key); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.eventOf(orgID, key); e.exists && !e.done {
		e.until = time.Time{}
	}
	return nil
}

// SendState returns a message's send record as dynamo.Store names its states ("" when
// absent), and its provider id.
func (s *Store) SendState(orgID, messageID string) (state, wamid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.sends[orgID+"#"+messageID]; ok {
		return stateNames[r.state], r.wamid
	}
	return "", ""
}
