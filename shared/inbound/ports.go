// Package inbound is the inbound processor: it drains the inbound queue the webhook fills and,
// once per provider event, amends case notes with delivery statuses, keeps people's messages in
// their conversations, honours STOP and START, refreshes template statuses and raises the
// metrics behind the account alarms.
package inbound

import (
	"context"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// Store is what the processor reads and writes in the table.
type Store interface {
	ClaimEvent(ctx context.Context, orgID, dedupeKey string, now time.Time, lease time.Duration) (messaging.EventClaim, error)
	CompleteEvent(ctx context.Context, orgID, dedupeKey string, now time.Time) error
	ReleaseEvent(ctx context.Context, orgID, dedupeKey string) error
	UpsertCaseNote(ctx context.Context, n messaging.CaseNote) error
	// ResolveSend marks our message sent under the provider's id, so that a send whose
	// outcome was unknown is not sent again; a message already sent or failed is left alone.
	ResolveSend(ctx context.Context, orgID, messageID, wamid string, now time.Time) error
	// SetMessageStatus records a status of our message in its conversation, forward-only.
	SetMessageStatus(ctx context.Context, orgID, conversationID, messageID, wamid string, st messaging.Status, at time.Time, errs []messaging.StatusError) error
	KeepOrphanStatus(ctx context.Context, orgID, wamid, recipient, callbackData string, st messaging.Status, at time.Time, errs []messaging.StatusError) error
	// ClaimInbound writes a person's message into their conversation, pending, and takes the
	// right to process it (the message is its own dedupe record): Done when an earlier attempt
	// completed it, Busy while another attempt holds it.
	ClaimInbound(ctx context.Context, in messaging.InboundRecord, now time.Time, lease time.Duration) (messaging.EventClaim, error)
	// AdvanceConversation moves the conversation on for a claimed message, safe to repeat.
	AdvanceConversation(ctx context.Context, in messaging.InboundRecord) (messaging.Conversation, error)
	// CompleteInbound marks a claimed message done, writing its case note (when it has one) in
	// the same write, so the note exists exactly when the message is done.
	CompleteInbound(ctx context.Context, in messaging.InboundRecord, note *messaging.CaseNote, now time.Time) error
	// ReleaseInbound gives up a message's claim after a failed attempt.
	ReleaseInbound(ctx context.Context, in messaging.InboundRecord) error
	RecordOutbound(ctx context.Context, orgID, phoneNumberID, phone string, m messaging.ConversationMessage) error
	SetOptOut(ctx context.Context, orgID, phone string, optedOut bool, at time.Time) error
	SetMarketingStop(ctx context.Context, orgID, phone string, stopped bool, reason string, at time.Time) error
	SetTemplateStatus(ctx context.Context, orgID, name, lang, status string) (bool, error)
	GetSettings(ctx context.Context, orgID string) (messaging.Settings, error)
}

// Queues puts conversations in the queue of a click-to-chat link (dynamo.ChatLinks is one).
type Queues interface {
	// AssignQueue puts the conversation in the queue of the link with code unless it has one
	// already; an unknown code does nothing. Safe to repeat.
	AssignQueue(ctx context.Context, orgID, conversationID, code string) (string, error)
}

// TextSender sends the one-line confirmations of STOP and START.
type TextSender interface {
	SendText(ctx context.Context, acct whatsapp.Account, to, text, callbackData string) (string, error)
}

// Secrets reads an organisation's provider secrets.
type Secrets interface {
	Get(ctx context.Context, name string) (string, error)
}

// Metrics counts what happened.
type Metrics interface {
	Count(name string, value float64, dims map[string]string)
}

// The metrics the processor emits (CloudWatch EMF, namespace obs.Namespace).
const (
	MetricInboundMessages     = "InboundMessages"
	MetricStatusUpdates       = "StatusUpdates"
	MetricOrphanStatuses      = "OrphanStatuses"
	MetricOptOuts             = "OptOuts"
	MetricOptIns              = "OptIns"
	MetricTemplateUpdates     = "TemplateStatusUpdates"
	MetricProviderAuth        = "ProviderAuthFailures"
	MetricAccountAlerts       = "AccountAlerts"
	MetricWebhookErrors       = "WebhookErrors"
	MetricConfirmationsFailed = "ConfirmationsFailed"
)
