package messaging

import "time"

// The flags a conversation can carry for staff (Conversation.Flags).
const (
	// FlagUnknownContact: the number matches no staff member, resident or contractor of the
	// organisation; the person had one polite reply and no data.
	FlagUnknownContact = "unknown_contact"
	// FlagNeedsStaff: the assistant could not help and offered to pass the conversation on.
	FlagNeedsStaff = "needs_staff"
)

// The handover times: while staff have a conversation, the assistant stays quiet there.
const (
	// StaffReplyHold is how long a staff reply in a conversation keeps the assistant quiet.
	StaffReplyHold = 30 * time.Minute
	// HandoverHold is how long an explicit handover lasts unless staff give the conversation
	// back sooner.
	HandoverHold = 24 * time.Hour
)

// StaffActive reports whether staff have the conversation at now.
func (c Conversation) StaffActive(now time.Time) bool { return now.Before(c.StaffUntil) }
