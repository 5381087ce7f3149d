// Package storetest is the conformance suite of the product's table: the rules dynamo.Store
// enforces with DynamoDB conditions — forward-only statuses, idempotent case notes, send
// claims, event dedupe claims, unknown sends settled by a status — checked against any Store.
// It runs against dynamo.Store on moto (tag integration) and against memstore.Store, the
// services' in-memory fake, so the fake cannot quietly differ from the real adapter.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// Store is the part of the table the suite checks.
type Store interface {
	UpsertCaseNote(ctx context.Context, n messaging.CaseNote) error
	ListCaseNotes(ctx context.Context, orgID string, jobID int64, limit, offset int) ([]messaging.CaseNote, int, error)

	ClaimSend(ctx context.Context, orgID, messageID string, now time.Time, lease time.Duration) (messaging.SendClaim, error)
	RecordSent(ctx context.Context, orgID, messageID, wamid string, now time.Time) error
	ReleaseSend(ctx context.Context, orgID, messageID, lastError string) error
	RecordFailed(ctx context.Context, orgID, messageID, reason string) error
	RecordUnknown(ctx context.Context, orgID, messageID, lastError string, now, until time.Time) error
	ResolveSend(ctx context.Context, orgID, messageID, wamid string, now time.Time) error

	ClaimEvent(ctx context.Context, orgID, dedupeKey string, now time.Time, lease time.Duration) (messaging.EventClaim, error)
	CompleteEvent(ctx context.Context, orgID, dedupeKey string, now time.Time) error
	ReleaseEvent(ctx context.Context, orgID, dedupeKey string) error
}

// t0 is the suite's clock start.
var t0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// Run checks every rule against stores from open, a fresh one per subtest.
func Run(t *testing.T, open func(t *testing.T) Store) {
	t.Run("CaseNoteStatusesForwardOnly", func(t *testing.T) { caseNoteStatusesForwardOnly(t, open) })
	t.Run("CaseNoteIdempotent", func(t *testing.T) { caseNoteIdempotent(t, open(t)) })
	t.Run("CaseNoteProvisionalFailure", func(t *testing.T) { caseNoteProvisional(t, open) })
	t.Run("SendClaims", func(t *testing.T) { sendClaims(t, open) })
	t.Run("UnknownSendResolution", func(t *testing.T) { unknownSends(t, open) })
	t.Run("EventClaims", func(t *testing.T) { eventClaims(t, open(t)) })
}

// must fails the test on err.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
