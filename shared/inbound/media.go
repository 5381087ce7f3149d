package inbound

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// MediaQueue takes the media jobs of people's photos and files (sqsq.Queue on MediaQueue is
// one); the attachments function drains it and keeps the bytes in S3.
type MediaQueue interface {
	Send(ctx context.Context, m messaging.QueueMessage) error
}

// MetricMediaJobs counts media jobs put on the media queue, by kind.
const MetricMediaJobs = "MediaJobsQueued"

// queueMedia puts the media job of a stored image, video, audio, document or sticker on the
// media queue; other messages need none. It runs inside the event's claim, so a failure fails
// the event and the queue retries it. A repeat is harmless: the job names the same attachment
// (its id is a digest of the organisation, message and media ids and the message's time), and
// the attachments function does nothing for an attachment already stored or refused.
func (p *Processor) queueMedia(ctx context.Context, orgID string, conv messaging.Conversation, m whatsapp.InboundMessage, when time.Time) error {
	j, ok := attachments.NewMediaJob(orgID, conv.ID, conv.LastJobID, m, when)
	if !ok || p.Media == nil {
		return nil
	}
	if err := p.Media.Send(ctx, j.QueueMessage()); err != nil {
		return fmt.Errorf("inbound: queue media job of message %s: %w", m.ID, err)
	}
	p.Metrics.Count(MetricMediaJobs, 1, map[string]string{"Kind": j.Kind})
	return nil
}
