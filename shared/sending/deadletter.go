package sending

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
)

// deadLetter notes on the message's job that it could not be sent after tries receives: the
// outbound queue moves it to its dead-letter queue next. The failure is provisional
// (CaseNote.Provisional): a redrive that then sends it, or a late status webhook of an
// unconfirmed send, shows it as sent after all. reason is the last attempt's, caller-safe.
func (s *Sender) deadLetter(ctx context.Context, msg messaging.OutboundMessage, tries int, reason string) {
	s.Metrics.Count(obs.MetricDLQArrivals, 1, map[string]string{"Queue": "OutboundQueue"})
	if msg.JobID <= 0 {
		return
	}
	n := noteFor(msg, messaging.StatusFailed, "", s.Now())
	n.Provisional = true
	n.Errors = []messaging.StatusError{{Title: fmt.Sprintf("could not be sent after %d tries", tries), Details: reason}}
	s.note(ctx, n)
}
