package attachments

import (
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// The directions of an attachment.
const (
	Inbound  = messaging.AttachmentInbound
	Outbound = messaging.AttachmentOutbound
)

// The statuses of an attachment.
const (
	StatusPending = messaging.AttachmentPending
	StatusStored  = messaging.AttachmentStored
	StatusFailed  = messaging.AttachmentFailed
)

// Attachment is one photo or file of a conversation (the domain type, named here for the
// package's callers).
type Attachment = messaging.Attachment

// ProviderMediaTTL is how long an uploaded media id is reused (Meta keeps them 30 days).
const ProviderMediaTTL = 29 * 24 * time.Hour
