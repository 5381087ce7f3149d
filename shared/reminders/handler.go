package reminders

import (
	"context"
	"errors"
	"time"

	"github.com/proplink/chat/shared/obs"
)

// Handler runs one scheduled pass of the Service per invocation (RemindersFunction) with
// fresh per-run caches, and reports it: one log line with the Report and the run's duration,
// and the Report's counts as metrics.
type Handler struct {
	Store     Store
	Templates Templates
	// NewOutbox returns the outbox of one run; every run takes a fresh one, as an outbox may
	// keep what it read (each organisation's business number) for the run.
	NewOutbox func() Outbox
	Notes     Notes
	Metrics   Metrics
	Now       func() time.Time
}

// Handle reminds every due appointment and logs what it did. Per-appointment failures are
// logged and counted but do not fail the invocation: the next run (15 minutes later) retries
// them, and a Lambda retry now would only repeat the same work. The invocation fails when a
// query of the index failed and nothing was read. A run that nears the Lambda's deadline stops
// taking work (DefaultMargin before it) and logs a warning; the next run does the rest.
func (h *Handler) Handle(ctx context.Context) error {
	if h.Store == nil || h.Templates == nil || h.NewOutbox == nil || h.Notes == nil || h.Metrics == nil || h.Now == nil {
		return errors.New("reminders: handler needs a store, templates, outbox, notes, metrics and clock")
	}
	start := time.Now()
	svc := NewService(h.Store, h.NewOutbox(), h.Notes, NewRenderer(h.Templates).Render)
	svc.Now = h.Now
	rep, err := svc.Run(ctx)
	for _, m := range rep.metrics() {
		h.Metrics.Count(m.name, float64(m.value), nil)
	}
	log := obs.Logger(ctx)
	attrs := append(rep.attrs(), "duration_ms", time.Since(start).Milliseconds())
	switch {
	case err != nil:
		log.Error("reminders run finished with failures", append(attrs, "error", err.Error())...)
		if rep.Scanned == 0 {
			return err
		}
	case rep.Stopped:
		log.Warn("reminders run finished early for the deadline; the next run does the rest", attrs...)
	default:
		log.Info("reminders run finished", attrs...)
	}
	return nil
}
