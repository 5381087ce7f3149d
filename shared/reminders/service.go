package reminders

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// The fixed parts of every reminder.
const (
	TemplateName = "appointment_reminder"
	Reason       = "reminder"
	AuthorName   = "PropLink reminders"
)

// Defaults of the Service's tuning fields.
const (
	DefaultWorkers = 8
	DefaultMargin  = 15 * time.Second
)

// chunkSize is how many claimable appointments a worker takes at once: their jobs,
// suppressions and claims (3 keys each, 90 in all) fit one 100-key BatchGetItem, and their
// messages fill three SendMessageBatches of 10.
const chunkSize = 30

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
// re-rendering and re-enqueuing every reminder of the day every 15 minutes. Enqueues go ten to
// a request; each message is marked only once the queue took it, so a failed entry keeps its
// pending claim and a later run sends it.
//
// Quiet hours: a reminder due inside them is not enqueued (nor claimed) but counted Deferred;
// the first run after they end sends it. That way a cancellation or change made overnight
// stops or replaces the reminder without the sender having to re-check the job, and no message
// waits hours on a FIFO queue (which has no per-message delay). The cost is up to one schedule
// period of lateness after quiet hours end. When quiet hours last into the appointment day
// (an appointment booked late in the evening for tomorrow), the day-before reminder cannot go:
// it is skipped with a case note rather than sent on the day, perhaps after the visit began.
//
// Skips (opted-out number, no tenant phone, no time outside quiet hours) are claimed too, then
// noted with an id derived from the key and marked "skipped", so the case note is written once
// and not every 15 minutes.
//
// A changed appointment: the date index is eventually consistent, so before claiming, the run
// re-reads each job consistently (Store.Recheck) and leaves alone an appointment the job no
// longer holds (moved, re-timed, new number, cancelled, gone); the reminder is rendered from
// that fresh job. A change landing after the re-read and before the enqueue (a fraction of a
// second) can still let the old slot's reminder go, as it could before.
//
// Concurrency and cost: Run queries the index partitions in turn and hands the appointments
// that need a claim, in chunks of 30, to Workers goroutines. A chunk costs one consistent
// BatchGetItem (job, suppression and claim of each appointment; opt-outs are no longer one
// GetItem each, and a reminder already marked is passed over without a write), then per
// appointment one conditional PutItem (claim) and one UpdateItem (mark), plus one
// SendMessageBatch per ten reminders. Requests per due appointment on its first run: before,
// 5 (job GetItem, claim PutItem, opt-out GetItem, SendMessage, mark UpdateItem); now about
// 2.13 (1/30 BatchGetItem + PutItem + 1/10 SendMessageBatch + UpdateItem). On every later run
// that day: before, 1 (a refused PutItem); now 1/30 (its share of a BatchGetItem). Per run,
// besides: one Query per index page and, per organisation with due appointments, one GetItem
// for quiet hours (and the adapters' own per-organisation reads).
//
// Deadline: a worker takes no new chunk, and the index is not queried further, once the
// context's deadline is less than Margin away; the run then reports Stopped and Unfinished,
// and the next run picks up the rest (claims make the overlap safe).
type Service struct {
	Store  Store
	Outbox Outbox
	Notes  Notes
	Render RenderFunc
	Now    func() time.Time
	// Workers is how many chunks are reminded at once; DefaultWorkers when 0.
	Workers int
	// Margin is how long before the context's deadline the run stops taking new work;
	// DefaultMargin when 0.
	Margin time.Duration
}

// NewService returns a Service on the real clock with the default workers and margin.
func NewService(st Store, ob Outbox, n Notes, r RenderFunc) *Service {
	return &Service{Store: st, Outbox: ob, Notes: n, Render: r, Now: time.Now}
}

// Run queries every date-index partition that can hold tomorrow's appointments somewhere on
// Earth and reminds each due one. It carries on past one appointment's failure and returns
// every failure joined; running again is always safe.
func (s *Service) Run(ctx context.Context) (Report, error) {
	if s.Store == nil || s.Outbox == nil || s.Notes == nil || s.Render == nil || s.Now == nil {
		return Report{}, errors.New("reminders: service needs a store, outbox, notes, renderer and clock")
	}
	workers, margin := s.Workers, s.Margin
	if workers <= 0 {
		workers = DefaultWorkers
	}
	if margin <= 0 {
		margin = DefaultMargin
	}
	now := s.Now()
	var (
		mu   sync.Mutex
		rep  Report
		errs []error
	)
	collect := func(r Report, es []error) {
		mu.Lock()
		defer mu.Unlock()
		rep.add(r)
		errs = append(errs, es...)
	}
	work := make(chan []pending)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for c := range work {
				if late(ctx, margin) {
					collect(Report{Unfinished: len(c), Stopped: true}, nil)
					continue
				}
				collect(s.chunk(ctx, c, now))
			}
		})
	}
	d := dispatcher{s: s, now: now, quiet: map[string]QuietHours{}, work: work}
	d.run(ctx, margin)
	close(work)
	wg.Wait()
	collect(d.rep, d.errs)
	return rep, errors.Join(errs...)
}

// late reports whether the run should take no new work: the context is done, or its deadline
// is less than margin away.
func late(ctx context.Context, margin time.Duration) bool {
	if ctx.Err() != nil {
		return true
	}
	d, ok := ctx.Deadline()
	return ok && time.Until(d) < margin
}

// pending is a due appointment that needs a claim: to be sent, or skipped for quiet hours.
type pending struct {
	a         Appointment
	key       string
	quietSkip bool
}

// dispatcher reads the index, sorts out what is not due or deferred, and hands the rest to
// the workers in chunks. It runs on Run's goroutine, so its fields need no lock.
type dispatcher struct {
	s     *Service
	now   time.Time
	quiet map[string]QuietHours
	work  chan<- []pending
	batch []pending
	rep   Report
	errs  []error
}

// run queries each partition in turn until done or late, then hands over the last chunk.
func (d *dispatcher) run(ctx context.Context, margin time.Duration) {
	defer d.flush()
	for _, date := range IndexDates(d.now) {
		for shard := range IndexShards {
			if late(ctx, margin) {
				d.rep.Stopped = true
				return
			}
			appts, err := d.s.Store.DueAppointments(ctx, date, shard)
			if err != nil {
				d.errs = append(d.errs, fmt.Errorf("reminders: query %s: %w", IndexPK(date, shard), err))
				continue
			}
			for _, a := range appts {
				d.rep.Scanned++
				if err := d.sort(ctx, a); err != nil {
					d.rep.Failed++
					d.errs = append(d.errs, fmt.Errorf("reminders: org %s job %d: %w", a.OrgID, a.JobID, err))
				}
			}
		}
	}
}

// sort counts a due appointment and queues it for a claim unless quiet hours defer it.
func (d *dispatcher) sort(ctx context.Context, a Appointment) error {
	q, ok := d.quiet[a.OrgID]
	if !ok {
		var err error
		if q, err = OrgQuietHours(ctx, d.s.Store, a.OrgID); err != nil {
			return fmt.Errorf("quiet hours: %w", err)
		}
		d.quiet[a.OrgID] = q
	}
	due, sendAt := Due(a, d.now, q)
	if !due {
		return nil
	}
	d.rep.Due++
	p := pending{a: a, key: a.ReminderKey()}
	if sendAt.After(d.now) {
		if dayBefore(a, sendAt) {
			d.rep.Deferred++
			return nil
		}
		// Quiet hours last into the appointment day: the day-before reminder cannot go.
		p.quietSkip = true
	}
	d.batch = append(d.batch, p)
	if len(d.batch) == chunkSize {
		d.flush()
	}
	return nil
}

// flush hands the chunk gathered so far to a worker.
func (d *dispatcher) flush() {
	if len(d.batch) > 0 {
		d.work <- d.batch
		d.batch = nil
	}
}
