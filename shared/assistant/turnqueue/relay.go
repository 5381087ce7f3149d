package turnqueue

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/messaging"
)

// Flagger marks a conversation for staff (dynamo.Handovers is one).
type Flagger interface {
	Flag(ctx context.Context, orgID, conversationID string, flag string) error
}

// StaffRelay is the engine the assistant function runs until assistant.Service takes its
// place: it says nothing to the person (staff answer, as before the assistant) and passes each
// turn to staff by flagging its conversation needs_staff, recording the turn in the
// conversation's session. Like the service it handles a redelivered turn once (the session's
// LastMessageID).
type StaffRelay struct {
	Sessions assistant.Sessions
	Flags    Flagger
	Now      func() time.Time
}

var _ Engine = (*StaffRelay)(nil)

// Handle flags the turn's conversation for staff and records the turn in the session.
func (r *StaffRelay) Handle(ctx context.Context, t assistant.Turn) error {
	s, err := r.Sessions.Load(ctx, t.OrgID, t.ConversationID)
	if err != nil {
		return err
	}
	if s.LastMessageID == t.MessageID {
		return nil
	}
	if err := r.Flags.Flag(ctx, t.OrgID, t.ConversationID, messaging.FlagNeedsStaff); err != nil {
		return fmt.Errorf("turnqueue: flag conversation %s: %w", t.ConversationID, err)
	}
	s.LastMessageID = t.MessageID
	return r.Sessions.Save(ctx, s, r.Now())
}
