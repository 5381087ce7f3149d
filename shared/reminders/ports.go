package reminders

import (
	"context"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// ClaimLease is how long a pending claim protects a reminder: after it, the claim is taken to
// belong to a run that crashed, and the next run may claim the reminder again and resend it
// under the same message id. It is far shorter than the 15-minute schedule, so the next run
// recovers, and long enough that a live run finishes one chunk of appointments (claims,
// enqueues, marks: well under a second) well within it.
const ClaimLease = 2 * time.Minute

// MaxEnqueue is the most messages one Outbox.Enqueue call takes: SQS's batch limit.
const MaxEnqueue = 10

// Outcome is how a claimed reminder ended.
type Outcome string

// The outcomes a claim is marked with.
const (
	OutcomeEnqueued Outcome = "enqueued" // the reminder is on the outbound queue
	OutcomeSkipped  Outcome = "skipped"  // not sent; a case note says why
)

// Current is what the store holds now, read consistently, for one appointment found in the
// (eventually consistent) date index.
type Current struct {
	Job      messaging.Job // the job as it is now; the zero Job when it is gone
	OptedOut bool          // the tenant's number asked for no messages from the organisation
	Done     bool          // the reminder's claim is marked (enqueued or skipped): it is over
}

// Store is what the reminders need from the database.
type Store interface {
	// DueAppointments returns the appointments of one date-index partition (IndexPK(date,
	// shard)) by a Query, never a Scan, following every page. It may include appointments
	// already reminded or cancelled; the service sorts them out.
	DueAppointments(ctx context.Context, date string, shard int) ([]Appointment, error)
	// Recheck reads, by strongly consistent batched reads, each appointment's job, the
	// suppression record of its tenant's number (none when it has no number) and the claim of
	// its reminder key, and returns one Current per appointment, in order. It fails as a whole.
	Recheck(ctx context.Context, as []Appointment) ([]Current, error)
	// ClaimReminder records, by one conditional put, that this run owns the reminder key, as
	// "pending" at now. It returns true when no claim exists or the existing claim is still
	// pending and older than now-ClaimLease (its run crashed), false otherwise.
	ClaimReminder(ctx context.Context, a Appointment, key string, now time.Time) (bool, error)
	// MarkReminder records how a claimed reminder of a ended; a marked claim is never claimed
	// again. It takes the appointment so the record can be keyed under its organisation.
	MarkReminder(ctx context.Context, a Appointment, key string, outcome Outcome, now time.Time) error
	// Settings reads the organisation's settings, from which OrgQuietHours takes its quiet
	// hours.
	Settings
}

// Settings reads organisations' WhatsApp settings.
type Settings interface {
	// GetSettings returns the organisation's settings as stored, quiet hours as written (""
	// when it set none), or an error coded messaging.CodeNotConfigured when it has none.
	GetSettings(ctx context.Context, orgID string) (messaging.Settings, error)
}

// Outbox puts messages on the outbound FIFO queue with deduplication id = message id. Its
// consumer, the sender, keeps a record per message id and sends each id at most once.
type Outbox interface {
	// Enqueue puts up to MaxEnqueue messages on the queue in as few requests as it can and
	// returns one error per message, in order: nil when that message is on the queue. A
	// message with an error may or may not be on the queue. It is called concurrently.
	Enqueue(ctx context.Context, ms []messaging.OutboundMessage) []error
}

// Notes records case notes on jobs; a note with an id already recorded has no further effect.
// It is called concurrently.
type Notes interface {
	Note(ctx context.Context, n messaging.CaseNote) error
}

// Templates lists an organisation's templates (Renderer picks the reminder's among them).
type Templates interface {
	ListTemplates(ctx context.Context, orgID string) ([]messaging.Template, error)
}

// Metrics counts what a run did (obs EMF, dimension Service=reminders). It is called once per
// metric per run.
type Metrics interface {
	Count(name string, value float64, dims map[string]string)
}

// RenderFunc resolves the organisation's appointment_reminder template and fills it for the
// appointment from the job as it is now (Appointment.Variables gives the appointment's values,
// the job the rest). It is called concurrently.
type RenderFunc func(ctx context.Context, a Appointment, job messaging.Job) (templateID int, language string, r messaging.Rendered, err error)
