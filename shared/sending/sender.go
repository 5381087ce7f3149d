package sending

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
)

// Claims is the sender's effectively-once record of each message.
type Claims interface {
	ClaimSend(ctx context.Context, orgID, messageID string, now time.Time, lease time.Duration) (messaging.SendClaim, error)
	RecordSent(ctx context.Context, orgID, messageID, wamid string, now time.Time) error
	ReleaseSend(ctx context.Context, orgID, messageID, lastError string) error
	RecordFailed(ctx context.Context, orgID, messageID, reason string) error
	SendRecords
}

// Sender drains the outbound queue: it sends each message once, paced, retrying by error class.
type Sender struct {
	Deps
	Claims Claims
	// Lease bounds how long one attempt may hold a message before another may take it over.
	Lease time.Duration
	// MaxWait is the longest pacing wait the sender sleeps through; longer waits go back to the
	// queue.
	MaxWait time.Duration
	// Sleep waits (time.Sleep-like, but honouring ctx); replaceable in tests.
	Sleep func(ctx context.Context, d time.Duration) error
	// Margin is the time an attempt keeps in hand before its context's deadline (the
	// Lambda's): a provider call and the writes after it. Pacing waits never eat into it;
	// a wait that would is handed back to the queue.
	Margin time.Duration
}

// Outcome says what to do with the queue message after one attempt.
type Outcome struct {
	// Retry leaves the message on the queue; Delay is how long until it is seen again.
	Retry bool
	Delay time.Duration
	// Reason explains a retry or a failure, for the logs.
	Reason string
	// settled says the attempt already recorded the message's state (unknown), so its
	// claim is not released.
	settled bool
}

// Send makes one attempt at msg. receiveCount is SQS's count of deliveries, used for backoff.
func (s *Sender) Send(ctx context.Context, msg messaging.OutboundMessage, receiveCount int) (Outcome, error) {
	now := s.Now()
	if wait := msg.NotBefore.Sub(now); wait > 0 {
		return Outcome{Retry: true, Delay: wait, Reason: "not before " + msg.NotBefore.Format(time.RFC3339)}, nil
	}
	claim, err := s.Claims.ClaimSend(ctx, msg.OrgID, msg.ID, now, s.Lease)
	if err != nil {
		return Outcome{}, fmt.Errorf("sending: claim %s: %w", msg.ID, err)
	}
	switch {
	case claim.Sent:
		// Sent by an earlier delivery whose acknowledgement was lost: make sure its note exists.
		s.note(ctx, noteFor(msg, messaging.StatusAccepted, claim.WAMID, now))
		return Outcome{Reason: "already sent"}, nil
	case claim.Failed:
		return Outcome{Reason: "already failed"}, nil
	case claim.Busy:
		return Outcome{Retry: true, Delay: s.Lease, Reason: "another attempt holds the message"}, nil
	case claim.Unknown:
		// The provider may have it: wait for a status webhook until the wait is over.
		return Outcome{Retry: true, Delay: max(claim.Until.Sub(now), 0) + time.Second, Reason: "waiting for the status of an unconfirmed send"}, nil
	}
	out, err := s.attempt(ctx, msg, receiveCount)
	if (err != nil || out.Retry) && !out.settled {
		reason := out.Reason
		if err != nil {
			reason = err.Error()
		}
		if rerr := s.Claims.ReleaseSend(ctx, msg.OrgID, msg.ID, reason); rerr != nil {
			return Outcome{}, errors.Join(err, rerr)
		}
	}
	return out, err
}

// attempt paces and sends a claimed message and records the outcome.
func (s *Sender) attempt(ctx context.Context, msg messaging.OutboundMessage, receiveCount int) (Outcome, error) {
	st, err := s.Store.GetSettings(ctx, msg.OrgID)
	if err != nil {
		if messaging.ErrorCode(err) == messaging.CodeNotConfigured {
			return s.fail(ctx, msg, messaging.StatusError{Title: messaging.MsgNotConfigured}, "not configured")
		}
		return Outcome{}, err
	}
	if out, err := s.suppressed(ctx, msg); err != nil {
		return Outcome{}, err
	} else if out {
		return s.fail(ctx, msg, messaging.StatusError{Title: messaging.MsgOptedOut}, "recipient opted out")
	}
	if out, ok, err := s.paceUntil(ctx, st, msg); err != nil || !ok {
		return out, err
	}
	acct, err := s.account(ctx, st)
	if err != nil {
		return Outcome{}, err
	}
	wamid, err := s.Provider.SendTemplate(ctx, acct, templateSend(msg))
	if err == nil {
		now := s.Now()
		if err := s.Claims.RecordSent(ctx, msg.OrgID, msg.ID, wamid, now); err != nil {
			// The provider has the message: a retry (and releasing the claim for it) would send
			// it to the person again. Write the note and be done; the outcome says what failed.
			s.Metrics.Count(obs.MetricSent, 1, map[string]string{"Path": "sender"})
			s.note(ctx, noteFor(msg, messaging.StatusAccepted, wamid, now))
			return Outcome{Reason: fmt.Sprintf("sent as %s, but recording it failed: %v", wamid, err)}, nil
		}
		s.Metrics.Count(obs.MetricSent, 1, map[string]string{"Path": "sender"})
		s.keep(ctx, st, msg, wamid, now)
		return Outcome{Reason: "sent"}, nil
	}
	if whatsapp.MaybeSent(err) {
		return s.unknown(ctx, msg, err)
	}
	var pe *whatsapp.Error
	errors.As(err, &pe)
	switch class := whatsapp.Classify(err); class {
	case whatsapp.Retry:
		return Outcome{Retry: true, Delay: Backoff(receiveCount), Reason: reasonOf(err)}, nil
	case whatsapp.Pace:
		d := Backoff(receiveCount)
		if pe != nil && pe.RetryAfter > d {
			d = pe.RetryAfter
		}
		return Outcome{Retry: true, Delay: d, Reason: reasonOf(err)}, nil
	default:
		s.countRefused(class, err)
		return s.fail(ctx, msg, statusError(err), reasonOf(err))
	}
}

// paceUntil waits for the message's pacing slot, sleeping through short waits, but never past
// the attempt's deadline (the context's less Margin): a wait that would cross it, like one
// longer than MaxWait, hands the message back to the queue. ok is true when the slot is taken.
func (s *Sender) paceUntil(ctx context.Context, st messaging.Settings, msg messaging.OutboundMessage) (Outcome, bool, error) {
	var stop time.Time
	if dl, has := ctx.Deadline(); has {
		stop = s.Now().Add(time.Until(dl) - s.Margin)
	}
	for {
		if !stop.IsZero() && !s.Now().Before(stop) {
			return Outcome{Retry: true, Delay: jitter(time.Second), Reason: "pacing: out of time"}, false, nil
		}
		ok, wait, err := s.pace(ctx, st, msg.Recipient, msg.JobID)
		if err != nil || ok {
			return Outcome{}, ok, err
		}
		d := time.Duration(wait * float64(time.Second))
		if d > s.MaxWait || (!stop.IsZero() && s.Now().Add(d).After(stop)) {
			return Outcome{Retry: true, Delay: d + jitter(time.Second), Reason: "pacing"}, false, nil
		}
		if err := s.Sleep(ctx, d); err != nil {
			return Outcome{}, false, err
		}
	}
}

// unknown records a send the provider may have accepted and holds the message for the wait:
// a status webhook settles it meanwhile, or the next attempt sends it again with the same
// callback data, so a late status still finds it. The write outlives a spent context, since
// a timeout may be the context's own.
func (s *Sender) unknown(ctx context.Context, msg messaging.OutboundMessage, cause error) (Outcome, error) {
	now := s.Now()
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	wait := s.unknownWait()
	if err := s.Claims.RecordUnknown(wctx, msg.OrgID, msg.ID, reasonOf(cause), now, now.Add(wait)); err != nil {
		// Unrecorded, the claim's lease still keeps other attempts off for a while; the
		// queue retries after the same wait.
		return Outcome{Retry: true, Delay: wait, Reason: "unconfirmed, not recorded: " + err.Error(), settled: true}, nil
	}
	return Outcome{Retry: true, Delay: wait, Reason: "unconfirmed: " + reasonOf(cause), settled: true}, nil
}

// fail records a message as failed for good and notes it on the job.
func (s *Sender) fail(ctx context.Context, msg messaging.OutboundMessage, se messaging.StatusError, reason string) (Outcome, error) {
	if err := s.Claims.RecordFailed(ctx, msg.OrgID, msg.ID, reason); err != nil {
		return Outcome{}, fmt.Errorf("sending: record failed %s: %w", msg.ID, err)
	}
	n := noteFor(msg, messaging.StatusFailed, "", s.Now())
	n.Errors = []messaging.StatusError{se}
	s.note(ctx, n)
	return Outcome{Reason: "failed: " + reason}, nil
}

// Backoff is the wait before delivery n+1: exponential from 2 s, capped at 15 minutes, with
// jitter over its upper half so retries of many messages spread out. With the outbound queue's
// 15 receives that rides out one to two hours of provider outage.
func Backoff(receiveCount int) time.Duration {
	n := min(max(receiveCount, 1), 11)
	base := min(2*time.Second<<(n-1), 15*time.Minute)
	return base/2 + jitter(base/2)
}

func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d)))
}

// SleepContext waits for d or until ctx ends.
func SleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
