package attachments

import (
	"context"

	"github.com/proplink/chat/shared/platformevent"
)

// EventPublisher emits platform events (sqsq.EventQueue on PlatformEventQueue is one).
type EventPublisher interface {
	Publish(ctx context.Context, evs ...platformevent.Event) error
}

// publishStored emits attachment.stored for a stored inbound attachment, in the order of its
// conversation. Its id is derived from the attachment's, so the replay of a job whose
// attachment is already stored (after a failed emit) emits the same event again. Without a
// publisher it does nothing.
func (s *Service) publishStored(ctx context.Context, a Attachment) error {
	if s.Events == nil {
		return nil
	}
	subject := a.ConversationID
	if subject == "" {
		subject = a.ID
	}
	ev, err := platformevent.New(a.OrgID, platformevent.KindAttachmentStored, subject, a.ID, a.CreatedAt, platformevent.AttachmentStored{
		AttachmentID: a.ID, ConversationID: a.ConversationID, JobID: a.JobID, ContentType: a.ContentType, Size: a.Size, StoredAt: a.UpdatedAt,
	})
	if err != nil {
		return err
	}
	return s.Events.Publish(ctx, ev)
}
