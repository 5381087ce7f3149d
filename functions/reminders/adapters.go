package main

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/reminders"
	"github.com/proplink/chat/shared/sqsq"
)

// queue sends one message to an SQS queue.
type queue interface {
	Send(ctx context.Context, m sqsq.Message) error
}

// settingsReader reads an organisation's WhatsApp settings.
type settingsReader interface {
	GetSettings(ctx context.Context, orgID string) (messaging.Settings, error)
}

// outbox puts reminders on the outbound FIFO queue in the conversation's message group, with
// deduplication id = message id. It reads each organisation's business number once per run.
type outbox struct {
	queue    queue
	settings settingsReader
	phoneIDs map[string]string // org -> phone number id, this run
}

// Enqueue sends m to the outbound queue.
func (o *outbox) Enqueue(ctx context.Context, m messaging.OutboundMessage) error {
	id, ok := o.phoneIDs[m.OrgID]
	if !ok {
		st, err := o.settings.GetSettings(ctx, m.OrgID)
		if err != nil {
			return fmt.Errorf("reminders: settings of %s: %w", m.OrgID, err)
		}
		id = st.PhoneNumberID
		o.phoneIDs[m.OrgID] = id
	}
	return o.queue.Send(ctx, sqsq.Message{Body: m, GroupID: m.GroupKey(id), DeduplicationID: m.ID})
}

// noteQueue records case notes through the case-note queue, as every other writer does.
type noteQueue struct{ queue queue }

// Note sends the note as a CaseNoteEvent.
func (n *noteQueue) Note(ctx context.Context, c messaging.CaseNote) error {
	return n.queue.Send(ctx, sqsq.Message{Body: messaging.CaseNoteEvent{OrgID: c.OrgID, Note: c}})
}

// jobTemplates is what rendering reads.
type jobTemplates interface {
	GetJob(ctx context.Context, orgID string, id int64) (messaging.Job, error)
	ListTemplates(ctx context.Context, orgID string) ([]messaging.Template, error)
}

// templateOrErr is one organisation's reminder template, or why it has none.
type templateOrErr struct {
	t   messaging.Template
	err error
}

// renderer fills the organisation's approved appointment_reminder template from the job as it
// is now. It lists each organisation's templates once per run.
type renderer struct {
	store     jobTemplates
	templates map[string]templateOrErr // org -> template, this run
}

// render re-reads the job (the date index is eventually consistent), refuses an appointment
// that changed or was cancelled since the index was read (the next run reminds the new one
// under its own key), and renders the template with the job's values.
func (r *renderer) render(ctx context.Context, a reminders.Appointment) (int, string, messaging.Rendered, error) {
	job, err := r.store.GetJob(ctx, a.OrgID, a.JobID)
	if err != nil {
		return 0, "", messaging.Rendered{}, err
	}
	now, ok := reminders.FromJob(job)
	if !ok || now.Cancelled || now.ReminderKey() != a.ReminderKey() {
		return 0, "", messaging.Rendered{}, fmt.Errorf("job %d: the appointment changed since the index was read", a.JobID)
	}
	t, err := r.template(ctx, a.OrgID)
	if err != nil {
		return 0, "", messaging.Rendered{}, err
	}
	values := job.Variables()
	for k, v := range now.Variables() {
		values[k] = v
	}
	out, err := t.Render(values)
	if err != nil {
		return 0, "", messaging.Rendered{}, fmt.Errorf("template %d: %w", t.ID, err)
	}
	return t.ID, t.Language, out, nil
}

// template returns the organisation's approved appointment_reminder template, the lowest id
// when there are several (one per language).
func (r *renderer) template(ctx context.Context, orgID string) (messaging.Template, error) {
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
