// Package casenotes writes case notes on jobs from the case-note queue: every message the
// product sends or receives, and every status change, lands on its job here.
package casenotes

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
)

// Store creates or amends a case note; a repeated note has one effect and a status never moves
// backwards.
type Store interface {
	UpsertCaseNote(ctx context.Context, n messaging.CaseNote) error
}

// Handler is the case-note queue's Lambda handler.
type Handler struct {
	Store Store
}

// Handle writes each record's note and reports the ones that failed, for retry.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, rec := range ev.Records {
		log := obs.Logger(ctx).With("sqs_message_id", rec.MessageId)
		var e messaging.CaseNoteEvent
		err := json.Unmarshal([]byte(rec.Body), &e)
		e.Note.OrgID, e.Note.Provisional = e.OrgID, e.Provisional
		if err != nil || e.Note.ID == "" || e.Note.OrgID == "" {
			log.Error("unreadable case-note event", "error", err)
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: rec.MessageId})
			continue
		}
		if err := h.Store.UpsertCaseNote(ctx, e.Note); err != nil {
			log.Error("case note not written", "org_id", e.Note.OrgID, "message_id", e.Note.ID, "error", err)
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: rec.MessageId})
			continue
		}
		log.Info("case note written", "org_id", e.Note.OrgID, "message_id", e.Note.ID, "job_id", e.Note.JobID, "status", e.Note.Status)
	}
	return resp, nil
}
