package attachments

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// MediaJob is what travels on the media queue: one inbound message's media to fetch and keep.
// Only the reference travels; the bytes go provider → S3.
type MediaJob struct {
	OrgID          string `json:"org_id"`
	ConversationID string `json:"conversation_id,omitempty"`
	// JobID is the job (work order) the conversation is tied to; 0 when unknown.
	JobID       int64          `json:"job_id,omitempty"`
	MessageID   string         `json:"message_id"` // the inbound message's wamid
	Kind        string         `json:"kind"`       // image, video, audio, document or sticker
	Media       whatsapp.Media `json:"media"`
	From        string         `json:"from"` // E.164 or WhatsApp id of the sender
	ProfileName string         `json:"profile_name,omitempty"`
	ReceivedAt  time.Time      `json:"received_at"`
}

// NewMediaJob returns the media job of an inbound message, and false when the message carries
// no media to fetch.
func NewMediaJob(orgID, conversationID string, jobID int64, msg whatsapp.InboundMessage, receivedAt time.Time) (MediaJob, bool) {
	if msg.Media == nil || msg.Media.ID == "" || !IsMediaKind(msg.Type) {
		return MediaJob{}, false
	}
	return MediaJob{
		OrgID: orgID, ConversationID: conversationID, JobID: jobID, MessageID: msg.ID, Kind: msg.Type,
		Media: *msg.Media, From: msg.From, ProfileName: msg.ProfileName, ReceivedAt: receivedAt.UTC(),
	}, true
}

// QueueMessage is the job as a message for the (standard) media queue.
func (j MediaJob) QueueMessage() messaging.QueueMessage {
	return messaging.QueueMessage{Body: j, Attributes: map[string]string{"org_id": j.OrgID, "kind": j.Kind}}
}

// Validate reports what a job misses.
func (j MediaJob) Validate() error {
	switch {
	case j.OrgID == "":
		return errors.New("attachments: media job without an organisation")
	case j.MessageID == "":
		return errors.New("attachments: media job without a message id")
	case j.Media.ID == "":
		return fmt.Errorf("attachments: media job of message %s without a media id", j.MessageID)
	case !IsMediaKind(j.Kind):
		return fmt.Errorf("attachments: media job of message %s has kind %q, which carries no media", j.MessageID, j.Kind)
	}
	return nil
}

// AttachmentID is the job's attachment id: a ULID whose time is the message's arrival and
// whose entropy is a digest of the organisation, message and media ids, so a redelivered job
// names the same attachment and ids still sort by arrival.
func (j MediaJob) AttachmentID() string {
	sum := sha256.Sum256([]byte(j.OrgID + "\x00" + j.MessageID + "\x00" + j.Media.ID))
	var id ulid.ULID
	t := j.ReceivedAt
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	_ = id.SetTime(ulid.Timestamp(t))
	_ = id.SetEntropy(sum[:10])
	return id.String()
}
