package reminders

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// The fixed parts of every reminder.
const (
	TemplateName = "appointment_reminder"
	Reason       = "reminder"
	AuthorName   = "PropLink reminders"
)

// Report counts what one run did. Scanned counts appointments read from the index; Due those
// starting tomorrow locally and not cancelled; each due one is then Enqueued, AlreadySent
// (claimed by this or another run before), SkippedOptOut, SkippedNoPhone, Deferred (quiet hours),
// SkippedQuiet (quiet hours run into the appointment day) or Failed (its error is in Run's
// error). Deferred is decided before any claim is read, so in the evening it also counts
// reminders already sent that afternoon.
type Report struct {
	Scanned, Due, Enqueued, AlreadySent, SkippedOptOut, SkippedNoPhone, Deferred, SkippedQuiet, Failed int
}

// Service sends each appointment one reminder the day before, by local time.
//
// Exactly once, across overlapping runs and crashes: the message id is derived from the
// reminder key (MessageID), and each reminder goes claim "pending" → enqueue → mark
// "enqueued". The claim is a conditional put, so of two runs at once only one proceeds. A crash
// after the claim but before the mark (the enqueue failed, or the mark did) leaves a pending
// claim; once it is older than ClaimLease the next run claims it again and enqueues the same
// message id. Whether the first enqueue happened or not, the reminder goes out once: the FIFO
// queue drops a repeated id within five minutes, and the sender's per-message-id record drops
// it after that. Claiming first (rather than enqueue-then-claim) keeps a normal run from
// re-rendering and re-enqueuing every reminder of the day every 15 minutes.
//
// Quiet hours: a reminder due inside them is not enqueued (nor claimed) but counted Deferred;
// the first run after they end sends it. That way a cancellation or change made overnight
// stops or replaces the reminder without the sender having to re-check the job, and no message
// waits hours on a FIFO queue (which has no per-message delay). The cost is up to one schedule
// period of lateness after quiet hours end. When quiet hours last into the appointment day
// (an appointment booked late in the evening for tomorrow), the day-before reminder cannot go:
// it is skipped with a case note rather than sent on the day, perhaps after the visit began.
//
// Skips (opted-out number, no tenant phone, no time outside quiet hours) are claimed too, then noted with an id derived from
// the key and marked "skipped", so the case note is written once and not every 15 minutes.
type Service struct {
	Store  Store
	Outbox Outbox
	Notes  Notes
	Render RenderFunc
	Now    func() time.Time
}

// NewService returns a Service on the real clock.
func NewService(st Store, ob Outbox, n Notes, r RenderFunc) *Service {
	return &Service{Store: st, Outbox: ob, Notes: n, Render: r, Now: time.Now}
}

// Run queries every date-index partition that can hold tomorrow's appointments somewhere on
// Earth and reminds each due one. It carries on past one appointment's failure and returns
// every failure joined; running again is always safe.
func (s *Service) Run(ctx context.Context) (Report, error) {
	var rep Report
	if s.Store == nil || s.Outbox == nil || s.Notes == nil || s.Render == nil || s.Now == nil {
		return rep, errors.New("reminders: service needs a store, outbox, notes, renderer and clock")
	}
	now := s.Now()
	quiet := map[string]QuietHours{}
	var errs []error
	for _, date := range IndexDates(now) {
		for shard := range IndexShards {
			appts, err := s.Store.DueAppointments(ctx, date, shard)
			if err != nil {
				errs = append(errs, fmt.Errorf("reminders: query %s: %w", IndexPK(date, shard), err))
				continue
			}
			for _, a := range appts {
				rep.Scanned++
				if err := s.one(ctx, a, now, quiet, &rep); err != nil {
					rep.Failed++
					errs = append(errs, fmt.Errorf("reminders: org %s job %d: %w", a.OrgID, a.JobID, err))
				}
			}
		}
	}
	return rep, errors.Join(errs...)
}

// one reminds a single appointment, counting the result in rep.
func (s *Service) one(ctx context.Context, a Appointment, now time.Time, quiet map[string]QuietHours, rep *Report) error {
	q, ok := quiet[a.OrgID]
	if !ok {
		var err error
		if q, err = s.Store.QuietHours(ctx, a.OrgID); err != nil {
			return fmt.Errorf("quiet hours: %w", err)
		}
		quiet[a.OrgID] = q
	}
	due, sendAt := Due(a, now, q)
	if !due {
		return nil
	}
	rep.Due++
	key := a.ReminderKey()
	if sendAt.After(now) {
		if dayBefore(a, sendAt) {
			rep.Deferred++
			return nil
		}
		// Quiet hours last into the appointment day: the day-before reminder cannot go.
		return s.claimAndSkip(ctx, a, key, now, "quiet hours leave no time to send it the day before", &rep.SkippedQuiet, rep)
	}
	claimed, err := s.claim(ctx, a, key, now, rep)
	if err != nil || !claimed {
		return err
	}
	if a.TenantPhone == "" {
		if err := s.skip(ctx, a, key, now, "the job has no tenant phone number"); err != nil {
			return err
		}
		rep.SkippedNoPhone++
		return nil
	}
	opted, err := s.Store.OptedOut(ctx, a.OrgID, a.TenantPhone)
	if err != nil {
		return fmt.Errorf("opt-out of %s: %w", messaging.MaskPhone(a.TenantPhone), err)
	}
	if opted {
		if err := s.skip(ctx, a, key, now, "the tenant's number has opted out of WhatsApp messages"); err != nil {
			return err
		}
		rep.SkippedOptOut++
		return nil
	}
	if err := s.send(ctx, a, key, now); err != nil {
		return err
	}
	rep.Enqueued++
	return nil
}

// claim claims the reminder key, counting AlreadySent when another run has it.
func (s *Service) claim(ctx context.Context, a Appointment, key string, now time.Time, rep *Report) (bool, error) {
	claimed, err := s.Store.ClaimReminder(ctx, a, key, now)
	if err != nil {
		return false, fmt.Errorf("claim %s: %w", key, err)
	}
	if !claimed {
		rep.AlreadySent++
	}
	return claimed, nil
}

// claimAndSkip claims the reminder and skips it with a note, counting the skip in counter.
func (s *Service) claimAndSkip(ctx context.Context, a Appointment, key string, now time.Time, why string, counter *int, rep *Report) error {
	claimed, err := s.claim(ctx, a, key, now, rep)
	if err != nil || !claimed {
		return err
	}
	if err := s.skip(ctx, a, key, now, why); err != nil {
		return err
	}
	*counter++
	return nil
}

// dayBefore reports whether at falls, locally, before the appointment's date.
func dayBefore(a Appointment, at time.Time) bool {
	return at.In(a.Location()).Format(messaging.DateLayout) < a.Date
}

// send renders and enqueues the reminder under its derived id, then marks the claim.
func (s *Service) send(ctx context.Context, a Appointment, key string, now time.Time) error {
	templateID, lang, r, err := s.Render(ctx, a)
	if err != nil {
		return fmt.Errorf("render %s: %w", TemplateName, err)
	}
	m := messaging.OutboundMessage{
		ID:           MessageID(key),
		OrgID:        a.OrgID,
		JobID:        a.JobID,
		Recipient:    a.TenantPhone,
		TemplateID:   templateID,
		TemplateName: TemplateName,
		Language:     lang,
		Rendered:     r,
		SentByName:   AuthorName,
		CreatedAt:    now,
		Reason:       Reason,
		ReminderKey:  key,
	}
	if err := s.Outbox.Enqueue(ctx, m); err != nil {
		return fmt.Errorf("enqueue %s: %w", m.ID, err)
	}
	if err := s.Store.MarkReminder(ctx, a, key, OutcomeEnqueued, now); err != nil {
		return fmt.Errorf("mark %s enqueued: %w", key, err)
	}
	return nil
}

// skip notes on the job why its reminder is not sent, then marks the claim.
func (s *Service) skip(ctx context.Context, a Appointment, key string, now time.Time, why string) error {
	n := messaging.CaseNote{
		ID:         SkipNoteID(key),
		OrgID:      a.OrgID,
		JobID:      a.JobID,
		Kind:       messaging.NoteReminderSkipped,
		Text:       fmt.Sprintf("Appointment reminder for %s %s not sent: %s.", a.Date, a.TimeWindow, why),
		AuthorName: AuthorName,
		Recipient:  a.TenantPhone,
		Template:   TemplateName,
		CreatedAt:  now,
		UpdatedAt:  now,
	}
	if err := s.Notes.Note(ctx, n); err != nil {
		return fmt.Errorf("note %s: %w", n.ID, err)
	}
	if err := s.Store.MarkReminder(ctx, a, key, OutcomeSkipped, now); err != nil {
		return fmt.Errorf("mark %s skipped: %w", key, err)
	}
	return nil
}
