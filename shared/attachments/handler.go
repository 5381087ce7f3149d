package attachments

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/consume"
)

// Metrics counts what happened.
type Metrics interface {
	Count(name string, value float64, dims map[string]string)
}

// Handler is the media queue's Lambda handler.
type Handler struct {
	Service *Service
	Metrics Metrics
	// MaxReceives is the queue's maxReceiveCount, to count and log the last try as going to
	// the DLQ.
	MaxReceives int
}

// Handle ingests each record's media job by the queue-consumer policy (package consume).
// Stored media is done; refused media is dropped (the refusal is on the attachment and its
// case note); transient failures are retried, and the try that exhausts MaxReceives is counted
// as going to the dead-letter queue. An unreadable or incomplete job is dead-lettered.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	c := consume.Consumer[MediaJob]{
		Name: "media job", Decode: h.decode, Attempt: h.attempt, MaxReceives: h.MaxReceives,
		Attrs: func(j MediaJob) []any {
			return []any{"org_id", j.OrgID, "message_id", j.MessageID, "attachment_id", j.AttachmentID(), "kind", j.Kind}
		},
		OnLastReceive: func(_ context.Context, j MediaJob, _ consume.Outcome) { h.count("MediaDeadLettered", j.Kind) },
	}
	return c.Handle(ctx, ev)
}

// decode reads a media queue body: a media job that names its organisation, message and media.
func (h *Handler) decode(body []byte) (MediaJob, error) {
	var j MediaJob
	err := json.Unmarshal(body, &j)
	if err == nil {
		err = j.Validate()
	}
	if err != nil {
		h.count("MediaUnreadable", "")
	}
	return j, err
}

// attempt ingests one job: a refusal is final and dropped, any other failure retried.
func (h *Handler) attempt(ctx context.Context, j MediaJob, d consume.Delivery) consume.Outcome {
	a, err := h.Service.Ingest(ctx, j)
	if err == nil {
		h.count("MediaStored", j.Kind)
		return consume.Outcome{Action: consume.Done, Reason: "stored " + a.ContentType}
	}
	if reason, final := IsRefusal(err); final {
		h.count("MediaRefused", j.Kind)
		return consume.Outcome{Action: consume.Drop, Reason: "refused: " + reason}
	}
	if !d.Last {
		h.count("MediaRetried", j.Kind)
	}
	return consume.Of(err)
}

func (h *Handler) count(name, kind string) {
	if h.Metrics == nil {
		return
	}
	var dims map[string]string
	if kind != "" {
		dims = map[string]string{"Kind": kind}
	}
	h.Metrics.Count(name, 1, dims)
}
