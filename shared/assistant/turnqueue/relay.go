package turnqueue

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/messaging"
)

// RelayText is StaffRelay's one reply per session: honest about who answers.
const RelayText = "Thanks, your message has reached the team. Someone will reply here soon."

// Flagger marks a conversation for staff (dynamo.Handovers is one).
type Flagger interface {
	Flag(ctx context.Context, orgID, conversationID, flag string) error
}

// StaffRelay is the engine the assistant function runs until assistant.Service takes its
// place: it passes every turn to staff, flagging the conversation needs_staff, and tells the
// person so once per session. Like the service it answers a redelivered turn once (the
// session's LastMessageID, and the replier's per-turn message ids).
type StaffRelay struct {
	Sessions assistant.Sessions
	Replier  assistant.Replier
	Flags    Flagger
	Now      func() time.Time
}

var _ Engine = (*StaffRelay)(nil)

// Handle flags the turn's conversation for staff and acknowledges the first turn of a session.
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
	if s.LastMessageID == "" {
		if err := r.Replier.Reply(ctx, t, assistant.Reply{Text: RelayText, Trace: []string{"relay: no engine; passed to staff"}}); err != nil {
			return err
		}
	}
	s.LastMessageID = t.MessageID
	return r.Sessions.Save(ctx, s, r.Now())
}
