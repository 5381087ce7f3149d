package sending

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
)

// Request is a validated send request from the API.
type Request struct {
	JobID       int64
	PhoneNumber string // E.164, already validated
	TemplateID  int
	Variables   map[string]string // optional overrides of the job's values
}

// Result is the answer to a send: sent (the provider accepted it) or queued (held back by
// pacing or a retryable provider failure; the sender will send it).
type Result struct {
	MessageID string `json:"message_id"`
	Status    string `json:"status"`
	Recipient string `json:"recipient"`
	Template  string `json:"template"`
	// RateLimit is the caller's rate-limit state after this send, when the limiter ran (also
	// on a rate-limited error), for the X-RateLimit-* headers.
	RateLimit *messaging.RateDecision `json:"-"`
}

// Queued reports whether the message was queued rather than sent.
func (r Result) Queued() bool { return r.Status == string(messaging.StatusQueued) }

// Service is the API's send path. Its callers have admitted the principal: the API's route
// table requires api.whatsapp.send of every route that sends.
type Service struct {
	Deps
	// Limit is the per-user limit of sends in any rolling minute.
	Limit Limiter
	// Attachments and Media, when set, let staff reply with an attachment (SendMedia).
	Attachments Attachments
	Media       MediaSender
	// Conversations, when set, lets notices (PrepareNotice) find the person's window.
	Conversations ConversationReader
}

// Send sends a template message about a job on behalf of p, or queues it. In order:
// settings/job/template in one read, template status, rendering (every variable must have a
// value), the per-user rate limit, pacing, the provider call.
func (s *Service) Send(ctx context.Context, p messaging.Principal, req Request) (Result, error) {
	st, job, tpl, err := s.load(ctx, p.OrgID, req)
	if err != nil {
		return Result{}, err
	}
	if !st.Configured() {
		return Result{}, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
	}
	if !tpl.Sendable() {
		return Result{}, messaging.Errorf(messaging.CodeUnprocessable,
			"Template %s is not approved (status %s) and cannot be sent", tpl.Name, tpl.Status)
	}
	values := job.Variables()
	for k, v := range req.Variables {
		values[k] = v
	}
	rendered, err := tpl.Render(values)
	if err != nil {
		return Result{}, err
	}
	decision, err := s.admit(ctx, p)
	if err != nil {
		return Result{RateLimit: decision}, err
	}
	msg := messaging.OutboundMessage{
		ID: s.NewID(), OrgID: p.OrgID, JobID: job.ID, Recipient: req.PhoneNumber,
		TemplateID: tpl.ID, TemplateName: tpl.Name, Language: tpl.Language, Rendered: rendered,
		SentByUserID: p.UserID, SentByName: p.Name, CreatedAt: s.Now().UTC(),
	}
	res, err := s.deliver(ctx, st, msg)
	res.RateLimit = decision
	return res, err
}

// deliver paces and sends an admitted message, or queues it.
func (s *Service) deliver(ctx context.Context, st messaging.Settings, msg messaging.OutboundMessage) (Result, error) {
	ok, _, err := s.pace(ctx, st, msg.Recipient, msg.JobID)
	if err != nil {
		return Result{}, err
	}
	if !ok {
		return s.queue(ctx, st, msg, "pacing")
	}
	acct, err := s.account(ctx, st)
	if err != nil {
		return Result{}, err
	}
	wamid, err := s.Provider.SendTemplate(ctx, acct, templateSend(msg))
	if err != nil {
		return s.providerFailed(ctx, st, msg, err)
	}
	s.Metrics.Count(obs.MetricSent, 1, map[string]string{"Path": "api"})
	s.keep(ctx, st, msg, wamid, s.Now())
	return Result{MessageID: wamid, Status: string(messaging.StatusSent), Recipient: msg.Recipient, Template: msg.TemplateName}, nil
}

// admit applies the per-user limit: 20 sends in any rolling 60 seconds across all jobs.
func (s *Service) admit(ctx context.Context, p messaging.Principal) (*messaging.RateDecision, error) {
	d, err := s.Limit.Allow(ctx, "ORG#"+p.OrgID+"#RL#SEND#"+p.UserID, s.Now())
	if err != nil {
		return nil, fmt.Errorf("sending: rate limit: %w", err)
	}
	if !d.Allowed {
		s.Metrics.Count(obs.MetricRateLimited, 1, nil)
		retry := max(d.RetryAfter, time.Second)
		return &d, &messaging.Error{
			Code:       messaging.CodeRateLimited,
			Message:    fmt.Sprintf("Rate limit exceeded: you can send up to %d messages per minute. Try again in %d seconds.", d.Limit, int(retry.Seconds()+0.999)),
			RetryAfter: retry,
		}
	}
	return &d, nil
}

// providerFailed decides what a failed provider call means for the caller: a send the provider
// may have accepted waits for its status (unconfirmed); transient failures and pacing are
// queued for the sender (the caller loses nothing); permanent ones answer with the provider's
// reason and are noted on the job as failed.
func (s *Service) providerFailed(ctx context.Context, st messaging.Settings, msg messaging.OutboundMessage, err error) (Result, error) {
	if whatsapp.MaybeSent(err) {
		return s.unconfirmed(ctx, st, msg, err)
	}
	class := whatsapp.Classify(err)
	switch class {
	case whatsapp.Retry, whatsapp.Pace:
		return s.queue(ctx, st, msg, "provider "+class.String()+": "+reasonOf(err))
	}
	return Result{}, s.refused(ctx, msg, class, err)
}

// refused records a send the provider refused for good (metrics, a failed note when the message
// belongs to a job) and returns the caller's error: 502 for refused credentials, else 422 with
// the provider's reason.
func (s *Service) refused(ctx context.Context, msg messaging.OutboundMessage, class whatsapp.Class, err error) error {
	code := s.countRefused(class, err)
	if msg.JobID > 0 {
		n := noteFor(msg, messaging.StatusFailed, "", s.Now())
		n.Errors = []messaging.StatusError{statusError(err)}
		s.note(ctx, n)
	}
	if class == whatsapp.Auth {
		return messaging.Wrap(messaging.CodeProviderFailed,
			fmt.Sprintf("The WhatsApp provider rejected the organisation's credentials (code %d). An administrator must update the API token.", code), err)
	}
	return messaging.Wrap(messaging.CodeProviderRejected, "The WhatsApp provider rejected the message: "+reasonOf(err), err)
}

// countRefused counts a send the provider refused for good (and refused credentials, which
// raise an alarm) and returns the provider's error code, 0 when it gave none.
func (d *Deps) countRefused(class whatsapp.Class, err error) int {
	code := 0
	var pe *whatsapp.Error
	if errors.As(err, &pe) {
		code = pe.Code
	}
	d.Metrics.Count(obs.MetricFailed, 1, map[string]string{"ErrorCode": fmt.Sprint(code)})
	if class == whatsapp.Auth {
		d.Metrics.Count(obs.MetricProviderAuth, 1, nil)
	}
	return code
}

// queue puts msg on the outbound queue for the sender and notes it as queued.
func (s *Service) queue(ctx context.Context, st messaging.Settings, msg messaging.OutboundMessage, reason string) (Result, error) {
	msg.Reason = reason
	if err := s.enqueue(ctx, st, msg); err != nil {
		return Result{}, messaging.Wrap(messaging.CodeUnavailable, "The message could not be queued. Please try again.", err)
	}
	s.Metrics.Count(obs.MetricQueued, 1, nil)
	s.note(ctx, noteFor(msg, messaging.StatusQueued, "", s.Now()))
	return Result{MessageID: msg.ID, Status: string(messaging.StatusQueued), Recipient: msg.Recipient, Template: msg.TemplateName}, nil
}

// enqueue puts msg on the outbound queue, in its conversation's group.
func (s *Service) enqueue(ctx context.Context, st messaging.Settings, msg messaging.OutboundMessage) error {
	return s.Outbound.Send(ctx, messaging.QueueMessage{Body: msg, GroupID: msg.GroupKey(st.PhoneNumberID), DeduplicationID: msg.ID})
}
