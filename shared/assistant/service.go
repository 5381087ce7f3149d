package assistant

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// Service answers PropLink Chat turns. Its fields are the ports it works through; all are
// required except Now (time.Now by default) and Events. It is safe for concurrent use.
//
// A turn is answered in this order: quiet under a handover; load the session; a turn already
// claimed (Session.LastMessageID) only sends what is left of its replies; otherwise work out
// the replies (writes through the Platform carry the request's message id, so a re-run has one
// effect), audit, claim the turn by saving the session with the replies as Unsent, send them,
// and save the session again with Unsent cleared. A save conflict on the claim re-runs the turn
// once against the fresh session (the FIFO queue makes conflicts rare: a redelivery racing its
// original); a second conflict is returned so that SQS redelivers the turn.
type Service struct {
	Platform   property.Platform
	Sessions   Sessions
	StaffLinks StaffLinks
	Replier    Replier
	Auditor    Auditor
	Handovers  Handovers
	Flags      Flags
	NLU        Understander
	// AI is the careful AI layer consulted when NLU is not confident; nil when it is off.
	AI Interpreter
	// Variants returns the E.164 numbers a WhatsApp sender may be stored under
	// (messaging.NumberVariants). Nil: the number alone.
	Variants func(n string) []string
	Now      func() time.Time
	// Events tells the organisation's platform of the tickets raised (ticket.created) and the
	// work orders moved on (work_order.updated); nil emits nothing.
	Events EventPublisher
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Handle answers one turn. An error means the turn should be retried (SQS redelivers it):
// nothing it returns an error for has been claimed, or what was claimed is sent on retry.
func (s *Service) Handle(ctx context.Context, t Turn) error {
	now := s.now()
	quiet, err := s.Handovers.StaffActive(ctx, t.OrgID, t.ConversationID, now)
	if err != nil {
		return fmt.Errorf("assistant: handover of conversation %s: %w", t.ConversationID, err)
	}
	if quiet {
		return nil
	}
	sess, err := s.Sessions.Load(ctx, t.OrgID, t.ConversationID)
	if err != nil {
		return fmt.Errorf("assistant: load session of %s: %w", t.ConversationID, err)
	}
	for attempt := 0; ; attempt++ {
		if sess.LastMessageID == t.MessageID {
			return s.flush(ctx, t, sess, now)
		}
		c := &conv{s: s, t: t, now: now, sess: sess}
		c.sess.OrgID, c.sess.ConversationID = t.OrgID, t.ConversationID
		if err := c.answer(ctx); err != nil {
			return fmt.Errorf("assistant: turn %s: %w", t.MessageID, err)
		}
		for _, e := range c.audits {
			if err := s.Auditor.Audit(ctx, e); err != nil {
				return fmt.Errorf("assistant: audit %s of %s: %w", e.Action, t.MessageID, err)
			}
		}
		next := c.sess
		next.LastMessageID, next.Unsent = t.MessageID, c.replies
		next.Recent = remember(c.sess.Recent, t.Text)
		err := s.Sessions.Save(ctx, next, now)
		if messaging.ErrorCode(err) == messaging.CodeConflict && attempt == 0 {
			if sess, err = s.Sessions.Load(ctx, t.OrgID, t.ConversationID); err != nil {
				return fmt.Errorf("assistant: reload session of %s: %w", t.ConversationID, err)
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("assistant: claim turn %s: %w", t.MessageID, err)
		}
		next.Version++
		return s.flush(ctx, t, next, now)
	}
}

// flush sends a claimed turn's unsent replies, then records that they went.
func (s *Service) flush(ctx context.Context, t Turn, sess Session, now time.Time) error {
	if len(sess.Unsent) == 0 {
		return nil
	}
	for _, r := range sess.Unsent {
		if err := s.Replier.Reply(ctx, t, r); err != nil {
			return fmt.Errorf("assistant: reply to %s: %w", t.MessageID, err)
		}
	}
	sess.Unsent = nil
	err := s.Sessions.Save(ctx, sess, now)
	if messaging.ErrorCode(err) == messaging.CodeConflict {
		return nil // a racing delivery of the same turn recorded it, or a later turn moved on
	}
	if err != nil {
		return fmt.Errorf("assistant: record replies to %s: %w", t.MessageID, err)
	}
	return nil
}
