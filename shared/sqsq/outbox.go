package sqsq

import (
	"context"
	"fmt"
	"sync"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/reminders"
)

// The outbox is the reminders' way onto the outbound queue.
var _ reminders.Outbox = (*Outbox)(nil)

// sender sends messages to one queue, singly or up to 10 in one request; *Queue is one.
type sender interface {
	Send(ctx context.Context, m messaging.QueueMessage) error
	SendBatch(ctx context.Context, ms []messaging.QueueMessage) error
}

// settingsReader reads an organisation's WhatsApp settings.
type settingsReader interface {
	GetSettings(ctx context.Context, orgID string) (messaging.Settings, error)
}

// Outbox puts outbound messages on the outbound FIFO queue in the conversation's message group
// (messaging.OutboundMessage.GroupKey of the organisation's business number), with
// deduplication id = message id, in one SendMessageBatch per call. It reads each
// organisation's business number once in its life, so it is meant for one run; it is safe
// for concurrent use.
type Outbox struct {
	queue    sender
	settings settingsReader
	mu       sync.Mutex
	phoneIDs map[string]string // org -> phone number id
}

// NewOutbox returns an outbox onto the queue that reads business numbers from settings.
func NewOutbox(q sender, settings settingsReader) *Outbox {
	return &Outbox{queue: q, settings: settings, phoneIDs: map[string]string{}}
}

// phoneID returns the organisation's business phone number id. The lock is held over a read,
// so workers arriving together read an organisation's settings once.
func (o *Outbox) phoneID(ctx context.Context, orgID string) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if id, ok := o.phoneIDs[orgID]; ok {
		return id, nil
	}
	st, err := o.settings.GetSettings(ctx, orgID)
	if err != nil {
		return "", fmt.Errorf("sqsq: outbox: settings of %s: %w", orgID, err)
	}
	o.phoneIDs[orgID] = st.PhoneNumberID
	return st.PhoneNumberID, nil
}

// Enqueue sends the messages (at most 10) in one batch request. When the batch reports a
// failure, which the queue does not pin to an entry, it sends each message of the batch again
// on its own: those that went already are dropped by the FIFO queue (same deduplication id,
// within five minutes), and each message's error is then its own.
func (o *Outbox) Enqueue(ctx context.Context, ms []messaging.OutboundMessage) []error {
	errs := make([]error, len(ms))
	var batch []messaging.QueueMessage
	var idx []int
	for i, m := range ms {
		id, err := o.phoneID(ctx, m.OrgID)
		if err != nil {
			errs[i] = err
			continue
		}
		batch = append(batch, messaging.QueueMessage{Body: m, GroupID: m.GroupKey(id), DeduplicationID: m.ID})
		idx = append(idx, i)
	}
	if len(batch) == 0 || o.queue.SendBatch(ctx, batch) == nil {
		return errs
	}
	for j, m := range batch {
		errs[idx[j]] = o.queue.Send(ctx, m)
	}
	return errs
}
