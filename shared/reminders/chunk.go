package reminders

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// chunkRun is one worker's pass over one chunk: its counts and failures.
type chunkRun struct {
	s    *Service
	now  time.Time
	rep  Report
	errs []error
}

// fail counts one appointment's failure.
func (c *chunkRun) fail(a Appointment, err error) {
	c.rep.Failed++
	c.errs = append(c.errs, fmt.Errorf("reminders: org %s job %d: %w", a.OrgID, a.JobID, err))
}

// chunk rechecks, claims and reminds (or skips) the appointments of one chunk. One
// appointment's failure leaves the others to go on; a failed recheck fails the chunk, whose
// appointments the next run takes up again.
func (s *Service) chunk(ctx context.Context, ps []pending, now time.Time) (Report, []error) {
	c := &chunkRun{s: s, now: now}
	as := make([]Appointment, len(ps))
	for i, p := range ps {
		as[i] = p.a
	}
	cur, err := s.Store.Recheck(ctx, as)
	if err == nil && len(cur) != len(ps) {
		err = fmt.Errorf("got %d results for %d appointments", len(cur), len(ps))
	}
	if err != nil {
		return Report{Failed: len(ps)}, []error{fmt.Errorf("reminders: recheck %d appointments (org %s job %d first): %w", len(ps), ps[0].a.OrgID, ps[0].a.JobID, err)}
	}
	var out []messaging.OutboundMessage
	var sent []pending
	for i, p := range ps {
		m, send := c.one(ctx, p, cur[i])
		if send {
			out = append(out, m)
			sent = append(sent, p)
		}
	}
	for i := 0; i < len(out); i += MaxEnqueue {
		j := min(i+MaxEnqueue, len(out))
		c.enqueue(ctx, out[i:j], sent[i:j])
	}
	return c.rep, c.errs
}

// one settles an appointment up to its enqueue: it returns the message to enqueue, or false
// when the appointment is counted already (sent before, changed, skipped, failed).
func (c *chunkRun) one(ctx context.Context, p pending, cur Current) (messaging.OutboundMessage, bool) {
	a := p.a
	if cur.Done {
		c.rep.AlreadySent++
		return messaging.OutboundMessage{}, false
	}
	if now, ok := FromJob(cur.Job); !ok || now.Cancelled || now.ReminderKey() != p.key {
		c.rep.Changed++
		return messaging.OutboundMessage{}, false
	}
	claimed, err := c.s.Store.ClaimReminder(ctx, a, p.key, c.now)
	if err != nil {
		c.fail(a, fmt.Errorf("claim %s: %w", p.key, err))
		return messaging.OutboundMessage{}, false
	}
	if !claimed {
		c.rep.AlreadySent++
		return messaging.OutboundMessage{}, false
	}
	switch {
	case p.quietSkip:
		c.skip(ctx, a, p.key, "quiet hours leave no time to send it the day before", &c.rep.SkippedQuiet)
	case a.TenantPhone == "":
		c.skip(ctx, a, p.key, "the job has no tenant phone number", &c.rep.SkippedNoPhone)
	case cur.OptedOut:
		c.skip(ctx, a, p.key, "the tenant's number has opted out of WhatsApp messages", &c.rep.SkippedOptOut)
	default:
		m, err := c.message(ctx, a, p.key, cur.Job)
		if err != nil {
			c.fail(a, err)
			return messaging.OutboundMessage{}, false
		}
		return m, true
	}
	return messaging.OutboundMessage{}, false
}

// message renders the reminder from the job as it is now, under its derived id.
func (c *chunkRun) message(ctx context.Context, a Appointment, key string, job messaging.Job) (messaging.OutboundMessage, error) {
	templateID, lang, r, err := c.s.Render(ctx, a, job)
	if err != nil {
		return messaging.OutboundMessage{}, fmt.Errorf("render %s: %w", TemplateName, err)
	}
	return messaging.OutboundMessage{
		ID:           MessageID(key),
		OrgID:        a.OrgID,
		JobID:        a.JobID,
		Recipient:    a.TenantPhone,
		TemplateID:   templateID,
		TemplateName: TemplateName,
		Language:     lang,
		Rendered:     r,
		SentByName:   AuthorName,
		CreatedAt:    c.now,
		Reason:       Reason,
		ReminderKey:  key,
	}, nil
}

// enqueue puts up to MaxEnqueue claimed reminders on the queue and marks each the queue took.
// A message the queue did not take keeps its pending claim, so a run after ClaimLease sends it.
func (c *chunkRun) enqueue(ctx context.Context, ms []messaging.OutboundMessage, ps []pending) {
	errs := c.s.Outbox.Enqueue(ctx, ms)
	for i, p := range ps {
		var err error
		if i < len(errs) {
			err = errs[i]
		} else {
			err = fmt.Errorf("the outbox gave %d results for %d messages", len(errs), len(ms))
		}
		if err != nil {
			c.fail(p.a, fmt.Errorf("enqueue %s: %w", ms[i].ID, err))
			continue
		}
		if err := c.s.Store.MarkReminder(ctx, p.a, p.key, OutcomeEnqueued, c.now); err != nil {
			c.fail(p.a, fmt.Errorf("mark %s enqueued: %w", p.key, err))
			continue
		}
		c.rep.Enqueued++
	}
}

// skip notes on the job why its reminder is not sent, then marks the claim, counting the skip
// in counter.
func (c *chunkRun) skip(ctx context.Context, a Appointment, key, why string, counter *int) {
	n := messaging.CaseNote{
		ID:         SkipNoteID(key),
		OrgID:      a.OrgID,
		JobID:      a.JobID,
		Kind:       messaging.NoteReminderSkipped,
		Text:       fmt.Sprintf("Appointment reminder for %s %s not sent: %s.", a.Date, a.TimeWindow, why),
		AuthorName: AuthorName,
		Recipient:  a.TenantPhone,
		Template:   TemplateName,
		CreatedAt:  c.now,
		UpdatedAt:  c.now,
	}
	if err := c.s.Notes.Note(ctx, n); err != nil {
		c.fail(a, fmt.Errorf("note %s: %w", n.ID, err))
		return
	}
	if err := c.s.Store.MarkReminder(ctx, a, key, OutcomeSkipped, c.now); err != nil {
		c.fail(a, fmt.Errorf("mark %s skipped: %w", key, err))
		return
	}
	*counter++
}

// dayBefore reports whether at falls, locally, before the appointment's date.
func dayBefore(a Appointment, at time.Time) bool {
	return at.In(a.Location()).Format(messaging.DateLayout) < a.Date
}
