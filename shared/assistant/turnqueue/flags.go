package turnqueue

import (
	"context"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/messaging"
)

// Flagger marks a conversation with one of its flags (dynamo.Handovers is one).
type Flagger interface {
	Flag(ctx context.Context, orgID, conversationID string, flag string) error
}

// StaffFlags is the engine's Flags port over the conversation's flags: an unknown number shows
// to staff as messaging.FlagUnknownContact, and every other reason (asked for a person, a
// message passed on) as messaging.FlagNeedsStaff. Flagging twice is a no-op, as the port asks.
type StaffFlags struct{ Flagger Flagger }

var _ assistant.Flags = StaffFlags{}

// Flag marks the conversation for staff for reason.
func (f StaffFlags) Flag(ctx context.Context, orgID, conversationID, reason string) error {
	flag := messaging.FlagNeedsStaff
	if reason == assistant.FlagUnknownContact {
		flag = messaging.FlagUnknownContact
	}
	return f.Flagger.Flag(ctx, orgID, conversationID, flag)
}
