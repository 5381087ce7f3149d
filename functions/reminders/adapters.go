package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/reminders"
	"github.com/proplink/chat/shared/sqsq"
)

// queue sends messages to an SQS queue, singly or up to 10 in one request.
type queue interface {
	Send(ctx context.Context, m sqsq.Message) error
	SendBatch(ctx context.Context, ms []sqsq.Message) error
}

// settingsReader reads an organisation's WhatsApp settings.
type settingsReader interface {
	GetSettings(ctx context.Context, orgID string) (messaging.Settings, error)
}

// outbox puts reminders on the outbound FIFO queue in the conversation's message group, with
// deduplication id = message id, in one SendMessageBatch per call. It reads each
// organisation's business number once per run; it is safe for concurrent use.
type outbox struct {
	queue    queue
	settings settingsReader
	mu       sync.Mutex
	phoneIDs map[string]string // org -> phone number id, this run
}

// phoneID returns the organisation's business phone number id. The lock is held over a read,
// so workers arriving together read an organisation's settings once.
func (o *outbox) phoneID(ctx context.Context, orgID string) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if id, ok := o.phoneIDs[orgID]; ok {
		return id, nil
	}
	st, err := o.settings.GetSettings(ctx, orgID)
	if err != nil {
		return "", fmt.Errorf("reminders: settings of %s: %w", orgID, err)
	}
	o.phoneIDs[orgID] = st.PhoneNumberID
	return st.PhoneNumberID, nil
}

// Enqueue sends the messages (at most 10) in one batch request. When the batch reports a
// failure, which the queue does not pin to an entry, it sends each message of the batch again
// on its own: those that went already are dropped by the FIFO queue (same deduplication id,
// within five minutes), and each message's error is then its own.
func (o *outbox) Enqueue(ctx context.Context, ms []messaging.OutboundMessage) []error {
	errs := make([]error, len(ms))
	var batch []sqsq.Message
	var idx []int
	for i, m := range ms {
		id, err := o.phoneID(ctx, m.OrgID)
		if err != nil {
			errs[i] = err
			continue
		}
		batch = append(batch, sqsq.Message{Body: m, GroupID: m.GroupKey(id), DeduplicationID: m.ID})
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

// noteQueue records case notes through the case-note queue, as every other writer does.
type noteQueue struct{ queue queue }

// Note sends the note as a CaseNoteEvent.
func (n *noteQueue) Note(ctx context.Context, c messaging.CaseNote) error {
	return n.queue.Send(ctx, sqsq.Message{Body: messaging.CaseNoteEvent{OrgID: c.OrgID, Note: c}})
}

// templateLister lists an organisation's templates.
type templateLister interface {
	ListTemplates(ctx context.Context, orgID string) ([]messaging.Template, error)
}

// templateOrErr is one organisation's reminder template, or why it has none.
type templateOrErr struct {
	t   messaging.Template
	err error
}

// renderer fills the organisation's approved appointment_reminder template from the job as the
// service re-read it. It lists each organisation's templates once per run; it is safe for
// concurrent use.
type renderer struct {
	store     templateLister
	mu        sync.Mutex
	templates map[string]templateOrErr // org -> template, this run
}

// render renders the template with the job's values and the appointment's (the appointment's
// win: they are the ones its reminder key names).
func (r *renderer) render(ctx context.Context, a reminders.Appointment, job messaging.Job) (int, string, messaging.Rendered, error) {
	t, err := r.template(ctx, a.OrgID)
	if err != nil {
		return 0, "", messaging.Rendered{}, err
	}
	values := job.Variables()
	for k, v := range a.Variables() {
		values[k] = v
	}
	out, err := t.Render(values)
	if err != nil {
		return 0, "", messaging.Rendered{}, fmt.Errorf("template %d: %w", t.ID, err)
	}
	return t.ID, t.Language, out, nil
}

// template returns the organisation's approved appointment_reminder template, the lowest id
// when there are several (one per language). The lock is held over the listing, so workers
// arriving together list an organisation's templates once.
func (r *renderer) template(ctx context.Context, orgID string) (messaging.Template, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.templates[orgID]; ok {
		return c.t, c.err
	}
	var c templateOrErr
	ts, err := r.store.ListTemplates(ctx, orgID)
	switch {
	case err != nil:
		c.err = fmt.Errorf("templates of %s: %w", orgID, err)
	default:
		c.err = fmt.Errorf("organisation %s has no approved %s template", orgID, reminders.TemplateName)
		for _, t := range ts {
			if t.Name == reminders.TemplateName && t.Sendable() {
				c = templateOrErr{t: t}
				break
			}
		}
	}
	r.templates[orgID] = c
	return c.t, c.err
}
