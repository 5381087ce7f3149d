package messaging

import "time"

// The directions of an attachment.
const (
	AttachmentInbound  = "inbound"
	AttachmentOutbound = "outbound"
)

// The statuses of an attachment.
const (
	AttachmentPending = "pending" // an upload URL was issued; the bytes may not be there yet
	AttachmentStored  = "stored"  // the bytes are in S3 and passed every check
	AttachmentFailed  = "failed"  // refused or not (yet) fetched; Reason says why
)

// Attachment is one photo or file of a conversation, kept in S3 and described in DynamoDB.
type Attachment struct {
	ID             string `json:"id"`
	OrgID          string `json:"-"`
	Direction      string `json:"direction"`
	Status         string `json:"status"`
	Reason         string `json:"reason,omitempty"`
	Kind           string `json:"kind"`
	FileName       string `json:"file_name"`              // as the sender named it
	ContentType    string `json:"content_type,omitempty"` // sniffed from the bytes
	DeclaredType   string `json:"declared_type,omitempty"`
	Size           int64  `json:"size"`
	SHA256         string `json:"sha256,omitempty"` // hex
	Caption        string `json:"caption,omitempty"`
	Key            string `json:"-"`
	ConversationID string `json:"conversation_id,omitempty"`
	JobID          int64  `json:"job_id,omitempty"`
	MessageID      string `json:"message_id,omitempty"` // the message that carried it (wamid)
	From           string `json:"from,omitempty"`
	CreatedBy      string `json:"created_by,omitempty"` // the staff user of an outbound upload
	// ProviderMediaID is the provider's id of the media: the inbound media id, or the id an
	// outbound upload got (valid ProviderMediaTTL from ProviderMediaAt).
	ProviderMediaID string    `json:"-"`
	ProviderMediaAt time.Time `json:"-"`
	Attempts        int       `json:"attempts,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}
