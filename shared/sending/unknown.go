package sending

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
)

// UnknownWait is how long a send whose outcome is unknown (whatsapp.MaybeSent: a timeout, an
// answer without a message id, a connection lost after the request was written) waits for a
// status webhook before it may be sent again. Meta reports "sent" within seconds; five minutes
// leaves room for a slow webhook path (the webhook function, the inbound queue) while a message
// that truly never arrived is resent soon after.
const UnknownWait = 5 * time.Minute

// UnknownWaitEnv names the optional environment variable (a Go duration) that shortens
// UnknownWait for the end-to-end tests, which cannot wait minutes.
const UnknownWaitEnv = "SEND_UNKNOWN_WAIT"

// UnknownWaitFrom reads UnknownWaitEnv through getenv: UnknownWait when unset.
func UnknownWaitFrom(getenv func(string) string) (time.Duration, error) {
	v := getenv(UnknownWaitEnv)
	if v == "" {
		return UnknownWait, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("sending: %s=%q is not a positive duration", UnknownWaitEnv, v)
	}
	return d, nil
}

// unknownWait is the wait in force.
func (d *Deps) unknownWait() time.Duration {
	if d.UnknownWait > 0 {
		return d.UnknownWait
	}
	return UnknownWait
}

// ErrMaybeSent marks a failed send after which the message may still reach the person: the
// caller must not send it again, and an Idempotency-Key stays used.
var ErrMaybeSent = errors.New("sending: the message may have been sent")

// SendRecords records sends whose outcome is unknown (dynamo.Store is one).
type SendRecords interface {
	// RecordUnknown keeps the message from being sent again before until, so that a status
	// webhook has that long to settle it; a message already settled is left alone.
	RecordUnknown(ctx context.Context, orgID, messageID, lastError string, now, until time.Time) error
}

// unconfirmed handles an API send the provider may have accepted. It is recorded as unknown
// and queued to be looked at again after the wait (NotBefore): by then a status webhook has
// marked it sent, or the sender sends it once more with the same callback data. When it cannot
// be queued the caller is told it may have been sent (ErrMaybeSent) and its note shows a
// provisional failure that a late status replaces.
func (s *Service) unconfirmed(ctx context.Context, st messaging.Settings, msg messaging.OutboundMessage, cause error) (Result, error) {
	now := s.Now()
	until := now.Add(s.unknownWait())
	reason := reasonOf(cause)
	// Should this write fail, NotBefore still holds the resend back and a status webhook
	// creates the record (dynamo.Store.ResolveSend).
	recErr := s.Sends.RecordUnknown(ctx, msg.OrgID, msg.ID, reason, now, until)
	msg.NotBefore = until
	msg.Reason = "provider did not confirm: " + reason
	if qerr := s.enqueue(ctx, st, msg); qerr != nil {
		n := noteFor(msg, messaging.StatusFailed, "", now)
		n.Provisional = true
		n.Errors = []messaging.StatusError{{Title: "not confirmed by the provider",
			Details: "The provider did not confirm the message and it could not be queued for checking; it may have been sent and will not be sent again."}}
		s.note(ctx, n)
		return Result{}, messaging.Wrap(messaging.CodeProviderFailed,
			"The WhatsApp provider did not confirm the message and it could not be queued for checking. It may have been sent, so it will not be sent again; its case note shows the outcome.",
			fmt.Errorf("%w: %w", ErrMaybeSent, errors.Join(cause, recErr, qerr)))
	}
	if recErr != nil {
		obs.Logger(ctx).Warn("unconfirmed send not recorded; its queued copy waits", "org_id", msg.OrgID, "message_id", msg.ID, "error", recErr)
	}
	s.Metrics.Count(obs.MetricQueued, 1, nil)
	s.note(ctx, noteFor(msg, messaging.StatusQueued, "", now))
	return Result{MessageID: msg.ID, Status: string(messaging.StatusQueued), Recipient: msg.Recipient, Template: msg.TemplateName}, nil
}
