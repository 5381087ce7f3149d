package reminders

// The metrics a run emits (obs EMF, dimension Service=reminders).
const (
	MetricEnqueued   = "RemindersEnqueued"   // reminders put on the outbound queue
	MetricSkipped    = "RemindersSkipped"    // skipped: opted out, no phone, or quiet hours into the day
	MetricDeferred   = "RemindersDeferred"   // held back by quiet hours for a later run
	MetricUnfinished = "RemindersUnfinished" // left for the next run by the deadline
	MetricFailed     = "RemindersFailed"     // failed; the next run retries them
)

// Report counts what one run did. Scanned counts appointments read from the index; Due those
// starting tomorrow locally and not cancelled; each due one is then Enqueued, AlreadySent
// (claimed by this or another run before), SkippedOptOut, SkippedNoPhone, Deferred (quiet hours),
// SkippedQuiet (quiet hours run into the appointment day), Changed (the job, read consistently,
// no longer holds that appointment: the index lags; a run after it catches up reminds the new
// one), Unfinished (left for the next run: the context's deadline came near) or Failed (its
// error is in Run's error). Deferred is decided before any claim is read, so in the evening it
// also counts reminders already sent that afternoon. Stopped says the run stopped early for its
// deadline, so partitions it did not query are not counted at all.
type Report struct {
	Scanned, Due, Enqueued, AlreadySent, SkippedOptOut, SkippedNoPhone, Deferred, SkippedQuiet, Changed, Unfinished, Failed int
	Stopped                                                                                                                 bool
}

// add adds o's counts to r.
func (r *Report) add(o Report) {
	r.Scanned += o.Scanned
	r.Due += o.Due
	r.Enqueued += o.Enqueued
	r.AlreadySent += o.AlreadySent
	r.SkippedOptOut += o.SkippedOptOut
	r.SkippedNoPhone += o.SkippedNoPhone
	r.Deferred += o.Deferred
	r.SkippedQuiet += o.SkippedQuiet
	r.Changed += o.Changed
	r.Unfinished += o.Unfinished
	r.Failed += o.Failed
	r.Stopped = r.Stopped || o.Stopped
}

// metric is one count a run emits.
type metric struct {
	name  string
	value int
}

// metrics returns the run's metrics.
func (r Report) metrics() []metric {
	return []metric{
		{MetricEnqueued, r.Enqueued},
		{MetricSkipped, r.SkippedOptOut + r.SkippedNoPhone + r.SkippedQuiet},
		{MetricDeferred, r.Deferred},
		{MetricUnfinished, r.Unfinished},
		{MetricFailed, r.Failed},
	}
}

// attrs returns the report as log attributes.
func (r Report) attrs() []any {
	return []any{"scanned", r.Scanned, "due", r.Due, "enqueued", r.Enqueued,
		"already_sent", r.AlreadySent, "skipped_opt_out", r.SkippedOptOut, "skipped_no_phone", r.SkippedNoPhone,
		"deferred", r.Deferred, "skipped_quiet", r.SkippedQuiet, "changed", r.Changed,
		"unfinished", r.Unfinished, "stopped", r.Stopped, "failed", r.Failed}
}
