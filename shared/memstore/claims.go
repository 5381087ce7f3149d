package memstore

import (
	"context"
	"time"

	"github.com/proplink/chat/shared/dynamo"
)

// The claim records the ports speak (kept as aliases so a move of the types is one line each).
type (
	sendClaim  = dynamo.SendClaim
	eventClaim = dynamo.EventClaim
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

func (s *Store) sendOf(orgID, messageID string) *send { return entry(s.sends, orgID, messageID) }

// ClaimSend takes the right to send a message: acquired when the record is absent, pending,
// or sending or unknown with its lease over; otherwise the record tells why not.
func (s *Store) ClaimSend(_ context.Context, orgID, messageID string, now time.Time, lease time.Duration) (sendClaim, error) {
	if err := s.fail("ClaimSend", messageID); err != nil {
		return sendClaim{}, err
	}
	if orgID == "" || messageID == "" {
		return sendClaim{}, errRequired("claim send", messageID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.sendOf(orgID, messageID)
	c := sendClaim{Attempts: r.attempts, WAMID: r.wamid}
	switch {
	case r.state == sendAbsent || r.state == sendPending || ((r.state == sendSending || r.state == sendUnknown) && !r.until.After(now)):
		r.state, r.until = sendSending, now.Add(lease)
		c.Acquired = true
	case r.state == sendSent:
		c.Sent = true
	case r.state == sendFailed:
		c.Failed = true
	case r.state == sendUnknown:
		c.Unknown, c.Until = true, r.until
	default:
		c.Busy = true
	}
	return c, nil
}

// RecordSent marks the message sent under the provider's id.
func (s *Store) RecordSent(_ context.Context, orgID, messageID, wamid string, _ time.Time) error {
	if err := s.fail("RecordSent", messageID); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.sendOf(orgID, messageID)
	r.state, r.wamid, r.until = sendSent, wamid, time.Time{}
	return nil
}

// ReleaseSend puts a sending record back to pending, one attempt more; others are left alone.
func (s *Store) ReleaseSend(_ context.Context, orgID, messageID, _ string) error {
	if err := s.fail("ReleaseSend", messageID); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.sendOf(orgID, messageID); r.state == sendSending {
		r.state, r.until = sendPending, time.Time{}
		r.attempts++
	}
	return nil
}

// RecordFailed marks the message failed for good, one attempt more; a sent one stays sent.
func (s *Store) RecordFailed(_ context.Context, orgID, messageID, _ string) error {
	if err := s.fail("RecordFailed", messageID); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.sendOf(orgID, messageID); r.state != sendSent {
		r.state, r.until = sendFailed, time.Time{}
		r.attempts++
	}
	return nil
}

// RecordUnknown marks a send that may have reached the provider, unclaimable before until,
// one attempt more; a record already sent, failed or unknown is left alone.
func (s *Store) RecordUnknown(_ context.Context, orgID, messageID, _ string, _, until time.Time) error {
	if err := s.fail("RecordUnknown", messageID); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.sendOf(orgID, messageID); r.state == sendAbsent || r.state == sendSending || r.state == sendPending {
		r.state, r.until = sendUnknown, until
		r.attempts++
	}
	return nil
}

// ResolveSend records what a status proves: a message not yet settled becomes sent under
// wamid; one already sent or failed is left alone.
func (s *Store) ResolveSend(_ context.Context, orgID, messageID, wamid string, _ time.Time) error {
	if err := s.fail("ResolveSend", messageID); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.sendOf(orgID, messageID); r.state != sendSent && r.state != sendFailed {
		r.state, r.wamid, r.until = sendSent, wamid, time.Time{}
	}
	return nil
}

// event is the dedupe record of one provider event.
type event struct {
	done     bool
	until    time.Time
	attempts int
	exists   bool
}

func (s *Store) eventOf(orgID, key string) *event { return entry(s.events, orgID, key) }

// ClaimEvent takes the right to process an event: acquired when the record is absent or
// pending with its lease over; Done once completed; Busy under another attempt's lease.
func (s *Store) ClaimEvent(_ context.Context, orgID, key string, now time.Time, lease time.Duration) (eventClaim, error) {
	if err := s.fail("ClaimEvent", key); err != nil {
		return eventClaim{}, err
	}
	if orgID == "" || key == "" {
		return eventClaim{}, errRequired("claim event", key)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.eventOf(orgID, key)
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
