// Package sending is the send path: the API's synchronous template send with its checks, rate
// limit and pacing, and the sender that drains the outbound queue with retries by error class.
// Both record every message as a case note with casenotes.Writer (the case-note queue when the
// table refuses).
package sending

import (
	"context"
	"time"

	"github.com/proplink/chat/shared/casenotes"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// Store is what the send path reads and writes in the table.
type Store interface {
	GetSettings(ctx context.Context, orgID string) (messaging.Settings, error)
	UpsertCaseNote(ctx context.Context, n messaging.CaseNote) error
}

// Limiter admits a bounded number of actions per rolling window (the per-user send limit).
type Limiter interface {
	Allow(ctx context.Context, key string, now time.Time) (messaging.RateDecision, error)
}

// Pacer spaces actions out (the pair rate and the per-number throughput).
type Pacer interface {
	Reserve(ctx context.Context, key string, now time.Time) (messaging.RateDecision, error)
}

// PairPacer spaces the messages to one person (per business number and recipient); admitting
// one also moves the person's conversation on: its activity, latest outbound time and the
// message's job (when jobID > 0).
type PairPacer interface {
	ReservePair(ctx context.Context, orgID, phoneNumberID, recipient string, jobID int64, now time.Time) (messaging.RateDecision, error)
}

// Secrets reads an organisation's provider secrets.
type Secrets interface {
	Get(ctx context.Context, name string) (string, error)
}

// Queue puts a message on an SQS queue.
type Queue interface {
	Send(ctx context.Context, m messaging.QueueMessage) error
}

// SentKeeper records a message the provider accepted in one request: its case note (status
// accepted) and its place in the person's conversation (dynamo.Store's KeepSent). A status
// already recorded for the note stays, and one that ranks higher still wins.
type SentKeeper interface {
	KeepSent(ctx context.Context, n messaging.CaseNote, phoneNumberID, phone string, m messaging.ConversationMessage) error
}

// Metrics counts what happened.
type Metrics interface {
	Count(name string, value float64, dims map[string]string)
}

// Deps are the parts both the API send and the sender use.
type Deps struct {
	Store     Store
	Provider  whatsapp.Provider
	Secrets   Secrets
	PairPacer PairPacer // per (business number, recipient)
	NumPacer  Pacer     // per business number
	Outbound  Queue     // FIFO, one group per conversation
	CaseNotes Queue
	// Events tells the organisation's platform of each case note (case_note.created); when nil,
	// nothing is emitted.
	Events  casenotes.EventPublisher
	Metrics Metrics
	Now     func() time.Time
	NewID   func() string
	// Reach reads the suppression list and keeps messages in conversations.
	Reach Reach
	// Sent, when set, records a sent message about a job in one write instead of the note's
	// and the conversation message's two.
	Sent SentKeeper
	// Sends records the API's sends whose outcome is unknown.
	Sends SendRecords
	// UnknownWait is how long a send of unknown outcome waits for its status before it may
	// be sent again; the constant UnknownWait when zero.
	UnknownWait time.Duration
}
