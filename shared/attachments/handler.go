package attachments

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/obs"
)

// Metrics counts what happened.
type Metrics interface {
	Count(name string, value float64, dims map[string]string)
}

// Handler is the media queue's Lambda handler.
type Handler struct {
	Service *Service
	Metrics Metrics
	// MaxReceives is the queue's maxReceiveCount, to log the last try as going to the DLQ.
	MaxReceives int
}

// Handle ingests each record's media job. Stored and refused media are acknowledged; transient
// failures are reported for retry, and the try that exhausts MaxReceives is logged as going to
// the dead-letter queue with its reason.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, rec := range ev.Records {
		log := obs.Logger(ctx).With("sqs_message_id", rec.MessageId)
		var j MediaJob
		if err := json.Unmarshal([]byte(rec.Body), &j); err != nil {
			log.Error("unreadable media job; dropped", "error", err)
			h.count("MediaUnreadable", "")
			continue
		}
		log = log.With("org_id", j.OrgID, "message_id", j.MessageID, "attachment_id", j.AttachmentID(), "kind", j.Kind)
		a, err := h.Service.Ingest(ctx, j)
		if err == nil {
			log.Info("attachment stored", "size", a.Size, "content_type", a.ContentType, "job_id", j.JobID)
			h.count("MediaStored", j.Kind)
			continue
		}
		if reason, final := IsRefusal(err); final {
			log.Warn("attachment refused", "reason", reason)
			h.count("MediaRefused", j.Kind)
			continue
		}
		receives, _ := strconv.Atoi(rec.Attributes["ApproximateReceiveCount"])
		if h.MaxReceives > 0 && receives >= h.MaxReceives {
			log.Error("attachment failed for the last time; going to the media DLQ", "reason", err.Error(), "receives", receives)
			h.count("MediaDeadLettered", j.Kind)
		} else {
			log.Warn("attachment failed; will retry", "reason", err.Error(), "receives", receives)
			h.count("MediaRetried", j.Kind)
		}
		resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: rec.MessageId})
	}
	return resp, nil
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
